/*
 * Single x86 instructions as static inline functions. Every inline asm of
 * the hypervisor lives here; anything longer is in a .S file.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <hv/types.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                     : "memory");
}

struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;
    __asm__ volatile("cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(subleaf));
    return r;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                                 \
    static inline unsigned long read_cr##n(void)                               \
    {                                                                          \
        unsigned long v;                                                       \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                      \
        return v;                                                              \
    }                                                                          \
    static inline void write_cr##n(unsigned long v)                            \
    {                                                                          \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");             \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

static inline unsigned long read_cr2(void)
{
    unsigned long v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline unsigned long read_rflags(void)
{
    unsigned long f;
    __asm__ volatile("pushfq; popq %0" : "=r"(f));
    return f;
}

static inline void cli(void)
{
    __asm__ volatile("cli" ::: "memory");
}

static inline void sti(void)
{
    __asm__ volatile("sti" ::: "memory");
}

/* sti takes effect after the next instruction, so no wake-up is lost. */
static inline void sti_hlt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

static inline void hlt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

static inline void cpu_pause(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* Orders the LAPIC's MMIO write of a timer mode before a later WRMSR to
 * IA32_TSC_DEADLINE, which is not serializing (SDM 10.5.4.1). */
static inline void mfence(void)
{
    __asm__ volatile("mfence" ::: "memory");
}

/* Device registers: volatile, so each access reaches the device once and
 * in program order. */
static inline uint32_t mmio_read32(const volatile void *addr)
{
    return *(const volatile uint32_t *)addr;
}

static inline void mmio_write32(volatile void *addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};

static inline void lgdt(const struct desc_ptr *p)
{
    __asm__ volatile("lgdt %0" : : "m"(*p));
}

static inline void lidt(const struct desc_ptr *p)
{
    __asm__ volatile("lidt %0" : : "m"(*p));
}

static inline void lldt(uint16_t sel)
{
    __asm__ volatile("lldt %0" : : "rm"(sel));
}

static inline void ltr(uint16_t sel)
{
    __asm__ volatile("ltr %0" : : "rm"(sel));
}

static inline void clts(void)
{
    __asm__ volatile("clts" ::: "memory");
}

static inline void fxsave(void *area)
{
    __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fxrstor(const void *area)
{
    __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static inline void fninit(void)
{
    __asm__ volatile("fninit" ::: "memory");
}

/* Continue at 'fn' with the stack pointer at 'sp': whatever was on the
 * old stack is abandoned. */
static inline noreturn void reset_stack_and_jump(uint64_t sp, void *fn)
{
    __asm__ volatile("movq %0, %%rsp\n\t"
                     "xorl %%ebp, %%ebp\n\t"
                     "jmp *%1"
                     :
                     : "r"(sp), "r"(fn)
                     : "memory");
    __builtin_unreachable();
}

static inline unsigned long read_rbp(void)
{
    unsigned long v;
    __asm__ volatile("mov %%rbp, %0" : "=r"(v));
    return v;
}

#endif
