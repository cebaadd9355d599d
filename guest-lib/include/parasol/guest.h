/*
 * Everything guest-lib offers, in one include: a guest's main.c needs
 * only #include <parasol/guest.h>. Each header below covers one
 * subsystem and says what it is for.
 */
#ifndef PARASOL_GUEST_H
#define PARASOL_GUEST_H

#include <parasol/arch.h>      /* barriers, rdtsc, pause */
#include <parasol/config.h>    /* page size, link address */
#include <parasol/console.h>   /* printf, puts, panic, console_read */
#include <parasol/events.h>    /* event channels, upcall mask */
#include <parasol/format.h>    /* snprintf, vsnprintf */
#include <parasol/hypercall.h> /* HYPERVISOR_xxx wrappers, hypercall5 */
#include <parasol/memory.h>    /* p2m/m2p, page tables, page_alloc */
#include <parasol/shutdown.h>  /* poweroff, reboot, crash, guest_exit */
#include <parasol/start.h>     /* start_info, shared_info, main */
#include <parasol/string.h>    /* mem*, str* */
#include <parasol/time.h>      /* system time, wall clock, sleep */
#include <parasol/traps.h>     /* exception handlers and frames */
#include <public/errno.h>      /* XEN_Exxx */

#endif
