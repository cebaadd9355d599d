/*
 * The hypercall page the hypervisor writes into every PV guest: 128
 * stubs of 32 bytes, stub N making hypercall N (Xen's layout, so guests
 * call hypercall_page + 32 * N). The stubs save rcx and r11 around
 * syscall, which destroys them. The iret stub (23) also pushes rax and
 * never returns: the hypervisor resumes the guest from the frame.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/xen.h>

#define STUB_SIZE 32
#define NR_STUBS (PAGE_SIZE / STUB_SIZE)
#define INT3_FILL 0xcc /* anything outside a stub traps */

/* push %rcx; push %r11; mov $N, %eax; syscall; pop %r11; pop %rcx; ret */
static const uint8_t normal_stub[] = {0x51, 0x41, 0x53, 0xb8, 0,    0,    0,
                                      0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
/* push %rcx; push %r11; push %rax; mov $23, %eax; syscall */
static const uint8_t iret_stub[] = {0x51, 0x41, 0x53, 0x50, 0xb8, 0,
                                    0,    0,    0,    0x0f, 0x05};
#define NORMAL_IMM_OFFSET 4
#define IRET_IMM_OFFSET 5

static void put_imm32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < sizeof(v); i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void pv_write_hypercall_page(void *page)
{
    uint8_t *p = page;

    memset(p, INT3_FILL, PAGE_SIZE);
    for (uint32_t nr = 0; nr < NR_STUBS; nr++) {
        uint8_t *stub = p + nr * STUB_SIZE;
        if (nr == __HYPERVISOR_iret) {
            memcpy(stub, iret_stub, sizeof(iret_stub));
            put_imm32(stub + IRET_IMM_OFFSET, nr);
        } else {
            memcpy(stub, normal_stub, sizeof(normal_stub));
            put_imm32(stub + NORMAL_IMM_OFFSET, nr);
        }
    }
}
