/*
 * libFuzzer target for the guest kernel image parser (hv/lib/elf.c): every
 * input is a candidate kernel image. The parser must never read outside
 * the input (ASan), never hit undefined behaviour (UBSan), and either
 * reject the input with a reason or describe an image whose every
 * promise holds: every segment is placed by its p_paddr inside the
 * extent and apart from the others, the extent stays out of the
 * address hole, the entry point and hypercall page lie inside it, and
 * loading writes only inside the extent and reads
 * only inside the input.
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/elf.h>
#include <public/arch-x86/xen-x86_64.h>
#include <public/errno.h>

/* Images up to this extent are loaded into real memory; larger ones only
 * have their ranges checked, to keep each run fast and small. */
#define SCRATCH_MAX MiB(1)
#define PAGE_MASK 0xfffULL

/* An x86-64 PV guest's limits: the non-canonical hole, then the
 * hypervisor's range. */
static const struct elf_limits limits = {
    .page_size = PAGE_MASK + 1,
    .va_hole_start = 0x0000800000000000ULL,
    .va_hole_end = HYPERVISOR_VIRT_END,
};

struct load_check {
    const uint8_t *data; /* the input */
    size_t size;
    const struct elf_image_info *info;
    uint8_t *mem; /* the extent, or NULL when it is too large */
};

static uint8_t scratch[SCRATCH_MAX];

static void broken(const char *promise)
{
    fprintf(stderr, "fuzz_elf: broken promise: %s\n", promise);
    abort();
}

static void check_dest(const struct load_check *c, uint64_t vaddr, size_t len)
{
    if (vaddr < c->info->virt_kstart || vaddr >= c->info->virt_kend ||
        len > c->info->virt_kend - vaddr)
        broken("a load outside [virt_kstart, virt_kend)");
}

static void fuzz_copy(void *ctx, uint64_t vaddr, const void *src, size_t len)
{
    const struct load_check *c = ctx;
    const uint8_t *from = src;
    volatile uint8_t sink;

    check_dest(c, vaddr, len);
    if (from < c->data || len > c->size - (size_t)(from - c->data))
        broken("a copy from outside the image");
    if (c->mem) {
        memcpy(c->mem + (vaddr - c->info->virt_kstart), src, len);
    } else {
        sink = from[0]; /* still let ASan see both ends */
        sink = from[len - 1];
        (void)sink;
    }
}

static void fuzz_zero(void *ctx, uint64_t vaddr, size_t len)
{
    const struct load_check *c = ctx;

    check_dest(c, vaddr, len);
    if (c->mem)
        memset(c->mem + (vaddr - c->info->virt_kstart), 0, len);
}

static void check_string(const char *s, size_t cap)
{
    if (strnlen(s, cap) == cap)
        broken("an unterminated string");
}

/* Every segment sits inside the extent, where its p_paddr puts it, and
 * no two share a byte. */
static void check_segments(const struct elf_image_info *info)
{
    const struct elf_segment *s = info->segments;
    unsigned i, j;

    for (i = 0; i < info->nr_segments; i++) {
        if (s[i].vaddr < info->virt_kstart || s[i].vaddr >= info->virt_kend ||
            s[i].memsz > info->virt_kend - s[i].vaddr)
            broken("a segment outside [virt_kstart, virt_kend)");
        if (s[i].vaddr - info->virt_base != s[i].paddr - info->paddr_offset)
            broken("a segment not placed by its p_paddr");
        for (j = 0; j < i; j++) {
            if (s[i].vaddr < s[j].vaddr + s[j].memsz &&
                s[j].vaddr < s[i].vaddr + s[i].memsz)
                broken("overlapping segments");
        }
    }
}

static void check_info(const struct elf_image_info *info)
{
    uint64_t start = info->virt_kstart, end = info->virt_kend;

    if (start >= end || end - start > ELF_IMAGE_MAX ||
        (start | end) & PAGE_MASK)
        broken("a bad extent");
    if (end > limits.va_hole_start && start < limits.va_hole_end)
        broken("an extent in the address hole");
    if (info->entry < start || info->entry >= end)
        broken("an entry point outside the image");
    if (info->has_hypercall_page &&
        (info->hypercall_page < start || info->hypercall_page >= end ||
         info->hypercall_page & PAGE_MASK))
        broken("a bad hypercall page");
    if (info->nr_segments == 0 || info->nr_segments > ELF_MAX_SEGMENTS)
        broken("a bad segment count");
    check_segments(info);
    if (info->features_required & ~info->features_supported)
        broken("a required feature that is not supported");
    check_string(info->guest_os, sizeof(info->guest_os));
    check_string(info->guest_version, sizeof(info->guest_version));
    check_string(info->xen_version, sizeof(info->xen_version));
    check_string(info->loader, sizeof(info->loader));
    check_string(info->features, sizeof(info->features));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct elf_image_info info;
    struct load_check c = {data, size, &info, NULL};
    const char *why = NULL;
    int rc;

    rc = elf_parse_image(data, size, &limits, &info, &why);
    if (rc) {
        if ((rc != -XEN_EINVAL && rc != -XEN_E2BIG) || !why || !*why)
            broken("a failure without an error and a reason");
        return 0;
    }
    if (why)
        broken("a success with a reason");
    check_info(&info);
    if (info.virt_kend - info.virt_kstart <= SCRATCH_MAX)
        c.mem = scratch;
    elf_load_segments(data, &info, fuzz_copy, fuzz_zero, &c);
    return 0;
}
