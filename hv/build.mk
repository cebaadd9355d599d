# Portable core sources of the hypervisor.
HV_SRCS += \
    hv/lib/parse.c \
    hv/lib/string.c \
    hv/lib/vsnprintf.c \
    hv/cmdline.c \
    hv/console.c \
    hv/main.c \
    hv/panic.c \
    hv/params.c \
    hv/printk.c \
    hv/selftest.c \
    hv/symbols.c \
    hv/timer.c
