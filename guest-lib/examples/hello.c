/*
 * hello: the smallest useful Parasol guest. guest-lib has already set up
 * the console, exceptions and events when main() runs; returning 0
 * powers the domain off.
 */
#include <parasol/guest.h>

int main(void)
{
    int version = HYPERVISOR_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra = "";

    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    printf("Hello from a Parasol PV guest\n");
    printf("Hypervisor version %d.%d%s, %lu pages of memory\n", version >> 16,
           version & 0xffff, extra, guest_start_info->nr_pages);
    return 0;
}
