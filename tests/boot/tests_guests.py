"""Boot tests of the test micro-guests (tests/guests/): each boots the
hypervisor with one guest as dom0 and judges the guest's verdict line
and the hypervisor's exit status.

A guest prints its title, one line per check ("  ok   ..." or
"  FAIL ..."), and "Test result: SUCCESS", after which it powers off and
the hypervisor exits with SUCCESS; a failure prints "Test result:
FAILURE: ..." and crashes dom0, so the exit status differs too (XTF's
convention; tests/guests/verdict.h). The crash tests expect the
hypervisor's own report of a guest it had to kill, and DOM0_DIED.

See tests.py for the fields of a BootTest.
"""

import re
from dataclasses import replace

from tests import NESTED_PANIC, PANIC, BootTest, Send

# A guest runs to its verdict in well under a second under TCG; the
# bound only catches a hang, on a busy two-core host.
GUEST_TIMEOUT = 30.0
VERDICT_SUCCESS = r"^Test result: SUCCESS$"
# Any failed check, a FAILURE verdict, or a guest-lib panic.
GUEST_FAILED = r"FAIL"
POWERED_OFF = r"dom0 powered off: shutting down"
DOM0_CRASHED = r"dom0 crashed: shutting down"
# guest-lib's own report of an exception no handler took: in the crash
# tests the hypervisor must be the one that sees the fault.
GUEST_LIB_TRAP_REPORT = r"^guest: "


def module(guest, args):
    """The -initrd entry of guest: its image, and its command line."""
    return "guests/%s.elf" % guest + (" " + args if args else "")


def title(guest, what):
    """The title line a guest prints first (verdict_title())."""
    return r"^%s: %s" % (re.escape(guest), re.escape(what))


def guest_test(name, what, module_args="", xen_cmdline="", options="",
               xen=True, xen_reason=""):
    """A guest that must reach SUCCESS: its title, then the verdict.
    options go on both hypervisors' command lines (the same names)."""
    return BootTest(
        name=name,
        image="kernel",
        cmdline=" ".join(o for o in ("loglvl=info", options) if o),
        modules=[module(name, module_args)],
        expect=[title(name, what), VERDICT_SUCCESS, POWERED_OFF],
        forbid=[GUEST_FAILED, PANIC],
        timeout=GUEST_TIMEOUT,
        xen_cmdline=" ".join(o for o in (xen_cmdline, options) if o),
        xen=xen,
        xen_reason=xen_reason,
    )


def crash_test(name, guest, what, expect, module_args=""):
    """Guest, which the hypervisor must crash: its title, the lines in
    expect, then dom0's death and the DOM0_DIED exit. No verdict may
    appear, and guest-lib must not be the one reporting the fault."""
    return BootTest(
        name=name,
        image="kernel",
        cmdline="loglvl=info",
        modules=[module(guest, module_args)],
        expect=[title(guest, what)] + expect + [DOM0_CRASHED],
        forbid=[r"Test result", GUEST_LIB_TRAP_REPORT, PANIC, NESTED_PANIC],
        exit="DOM0_DIED",
        timeout=GUEST_TIMEOUT,
    )


# The hypervisor's own decision on a return to a non-canonical rip, one
# line per case (loglvl=all): under TCG the guest alone cannot tell it
# from QEMU's #GP on the fetch after an iretq that a real CPU refuses.
NON_CANONICAL_RETURN = (r"^\(HV\) d0v0: iretq would fault on cs 0x[0-9a-f]+ "
                        r"ss 0x[0-9a-f]+ rip 0x800000000000: vector 13, "
                        r"error code 0$")
CANONICAL_CASES = ["hypercall", "forced CPUID", "page-table write", "iret"]


def canonical_test():
    expect = [title("test_canonical", "returns to a non-canonical rip")]
    for case in CANONICAL_CASES:
        expect += [NON_CANONICAL_RETURN,
                   r"^  ok   %s: one #GP$" % re.escape(case)]
    return BootTest(
        name="test_canonical",
        image="kernel",
        cmdline="loglvl=all",
        modules=[module("test_canonical", "")],
        expect=expect + [VERDICT_SUCCESS, POWERED_OFF],
        forbid=[GUEST_FAILED, PANIC],
        timeout=GUEST_TIMEOUT,
    )


# The crash line names the rip the guest announced (see tests.py on
# markers that refer to an earlier marker's group).
CRASH_STACK_EXPECT = [
    r"ud2 at rip (?P<rip>0x[0-9a-f]+), frame at (?P<frame>0x[0-9a-f]+)$",
    r"^\(HV\) domain 0 vcpu 0 crashed: cannot write an exception frame "
    r"at (?P=frame) \(rip (?P=rip)\)$",
]

TESTS = [
    # start_info, layout, CR3, shared_info, versions, hypercall page,
    # CPUID; the arguments must reach start_info.cmd_line.
    guest_test("test_hello", "start of day", module_args="parasol test_hello"),
    # Exceptions and their bounce frames, to the bit; iret back.
    guest_test("test_traps", "exceptions"),
    # Attacks on the hypervisor, each refused with its exact errno.
    guest_test("test_hostile", "attacks refused"),
    # Page-table entries: available bits, global bit, linear tables,
    # foreigndom, I/O memory; Xen 4.17's errnos.
    guest_test("test_pte", "page-table entries"),
    # Grant tables v1: setup_table, query_size, versions, map and unmap
    # of its own grants, copy, every status; Xen limited to version 1,
    # as Parasol is.
    guest_test("test_gnttab", "grant tables v1",
               xen_cmdline="gnttab=max-ver:1"),
    # A domain dom0 creates grants dom0 a frame; dom0 maps it, then
    # destroys the domain while mapped: unmap okay, memory all back.
    guest_test("test_gnttab_domains", "grants between two domains"),
    # The PV clock, sleep, one-shot timers in the past.
    guest_test("test_timer", "the PV clock"),
    # VIRQ_TIMER bound, armed, delivered through the upcall, masked.
    guest_test("test_virq_timer", "VIRQ_TIMER"),
    # Every event-channel op: loopback interdomain channels, VIRQs, IPIs,
    # poll with timeouts, 4095 ports then -ENOSPC, reset; Xen 4.17's
    # errnos (measured with it).
    guest_test("test_evtchn", "event channels, every op"),
    # Xen's shared-ring protocol (io/ring.h) over a loopback channel:
    # 100,000 checksummed messages, indices wrapping at 2^32, an event
    # exactly when RING_PUSH_*_AND_CHECK_NOTIFY says so.
    guest_test("test_ring", "a shared ring with real events"),
    # The hypervisor's log (readconsole), VIRQ_CON_RING, and that
    # Parasol's own parasol_op is there (Parasol) or not (Xen).
    guest_test("test_console", "the console's memory"),
    # Each domain's console buffer, read with PARASOLOP_console_read.
    guest_test("test_parasol_console", "PARASOLOP_console_read", xen=False,
               xen_reason="Parasol's own hypercall (Xen: -ENOSYS)"),
    # Plain stores to page-table entries: L1 emulated, L2-L4 a #PF.
    guest_test("test_ptwr", "writable page tables"),
    # Returns that would land on 0x800000000000: #GP(0) there, as on Xen.
    canonical_test(),
    # No HYPERCALL_PAGE note (as Linux 6.1): the builder writes no page,
    # the kernel's own stubs work (compared with Xen 4.17).
    guest_test("test_own_stubs", "a kernel without HYPERCALL_PAGE"),
    # A 70 MiB image (a big .bss) loads with the default command line.
    # On Xen, whose dom0_mem= is also a ceiling, the harness's 64 MiB
    # cannot hold it.
    guest_test("test_big_image", "a kernel image of over 70 MiB",
               xen_cmdline="dom0_mem=256M"),
    # callback_op and set_callbacks: every type, flags, bad types and
    # addresses, with Xen 4.17's answers.
    guest_test("test_callbacks", "callback_op and set_callbacks"),
    # iret frames with bad selectors: the fault iretq raises goes to the
    # guest, as on Xen; and the failsafe callback.
    guest_test("test_failsafe", "bad return frames"),
    # set_gdt, update_descriptor and the LDT: descriptors checked and
    # fixed as Xen does, the LDT mapped on first use.
    guest_test("test_descriptors", "descriptor tables"),
    # 32-bit user mode: iret into it, syscall, int $0x80 and exceptions
    # from it, frames to the bit.
    guest_test("test_compat", "32-bit user mode"),
    # vcpu_op as Xen 4.17 answers it: missing vCPUs, vCPU 0's ops, the
    # periodic timer, NMIs, the runstate and time areas, and events
    # after register_vcpu_info (guest-lib once livelocked there).
    guest_test("test_vcpu", "vcpu_op for vCPU 0"),
    # Two vCPUs of dom0 on one CPU: vCPU 1 (VCPUOP_initialise, up) spins
    # forever, vCPU 0 sleeps on its timer and still wakes on time; the
    # runstates show the waits. Preemption, compared with Xen 4.17.
    guest_test("test_sched", "a spinning vCPU does not starve another",
               options="dom0_max_vcpus=2"),
    # The scheduler's domctl and sysctl on dom0: the order of the
    # checks, weights read back, the rate limit (credit on Parasol,
    # credit2 on Xen: only what both give).
    guest_test("test_schedctl", "the scheduler's domctl and sysctl"),
    # dom0's view of the machine: its E820 map and the feature bits.
    guest_test("test_machine", "the machine's memory map"),
    # CPUID behind the forced-emulation prefix and emulated MSRs.
    guest_test("test_cpuid", "CPUID and MSRs"),
    # domctl and sysctl: other domains created, described, paused,
    # populated, mapped and destroyed by dom0, with Xen 4.17's answers
    # (measured with the credit scheduler, Parasol's).
    guest_test("test_domctl", "dom0 controls other domains",
               xen_cmdline="sched=credit"),
    # A #PF with no handler: the hypervisor crashes dom0 and says where;
    # the error code is the guest's view (a read, not present, kernel
    # mode: 0), printed as %#lx prints 0.
    crash_test("test_crash", "test_crash", "a page fault with no handler", [
        r"faulting at rip (?P<rip>0x[0-9a-f]+), address 0x[0-9a-f]+$",
        r"^\(HV\) domain 0 vcpu 0 crashed: page fault \(vector 14\) at "
        r"rip (?P=rip), error code 0, and no handler$",
    ]),
    # A #UD with a handler but rsp on no page: no frame can be written.
    crash_test("test_crash_stack", "test_crash_stack",
               "no room for an exception frame", CRASH_STACK_EXPECT,
               module_args="unmapped"),
    # The same with rsp in the hypervisor's range: refused, not written.
    crash_test("test_crash_stack_hv", "test_crash_stack",
               "no room for an exception frame", CRASH_STACK_EXPECT,
               module_args="hypervisor"),
    # stack_switch into the hypervisor's range is taken (as on Xen); a
    # #UD in guest user mode then has nowhere to put its frame: the
    # domain crashes, as Xen 4.17 crashes it, the hypervisor lives on.
    crash_test("test_crash_stack_switched", "test_crash_stack",
               "no room for an exception frame", CRASH_STACK_EXPECT,
               module_args="switched"),
]

# Xen 4.17's PV dom0 builder checks no required feature but
# supervisor_mode_kernel (and libelf refuses names it does not know), so
# test_hello with FEATURES "!auto_translated_physmap" is built and runs
# to SUCCESS, on Xen 4.17 and on Parasol.
TESTS.append(BootTest(
    name="dom0-requires-feature",
    image="kernel",
    cmdline="loglvl=info",
    timeout=GUEST_TIMEOUT,
    modules=["guests/test_needs_feature.elf parasol test_hello"],
    expect=[title("test_hello", "start of day"), VERDICT_SUCCESS,
            POWERED_OFF],
    forbid=[GUEST_FAILED, PANIC],
))

# dom0's toolstack end to end, with a ramdisk of domUs (domu_exit,
# domu_check, domu_unpriv, hello): test_build builds each, runs it to its shutdown,
# destroys it and checks that the free memory comes back;
# test_xc_backend drives xl's backend hooks. Both pass on Xen 4.17.


def toolstack_test(name, what, ramdisk="test_build-ramdisk.cpio"):
    return BootTest(
        name=name,
        image="kernel",
        cmdline="loglvl=info",
        timeout=GUEST_TIMEOUT,
        modules=[module(name, ""), ramdisk],
        expect=[title(name, what), VERDICT_SUCCESS, POWERED_OFF],
        forbid=[GUEST_FAILED, PANIC],
    )


TESTS += [
    toolstack_test("test_build", "dom0 builds domUs"),
    toolstack_test("test_xc_backend", "xl's backend on the hypervisor"),
    # The pingpong demo as two domUs linked as its protocol says: both
    # power off after 1000 round trips (events across domains).
    toolstack_test("test_pingpong", "pingpong between two domains",
                   ramdisk="test_pingpong-ramdisk.cpio"),
]

# A domU's console text in dom0: Parasol's own call, and Xen drops a
# domU's console text.
TESTS += [
    replace(toolstack_test("test_domain_console",
                           "a domU's console text in dom0",
                           ramdisk="test_pingpong-ramdisk.cpio"),
            xen=False,
            xen_reason="PARASOLOP_console_read is Parasol's own call"),
]


def refused_dom0_test(name, image, why):
    """test_hello patched so that Xen 4.17 refuses it as dom0: Parasol
    refuses it too, says why in its own words, and the machine stops as
    dom0 did not run."""
    return BootTest(
        name=name,
        image="kernel",
        cmdline="loglvl=info",
        timeout=GUEST_TIMEOUT,
        modules=["guests/%s.elf parasol test_hello" % image],
        expect=[r"^\(HV\) dom0: cannot build: " + why + "$"],
        forbid=[PANIC, r"Test result"],
        exit="DOM0_DIED",
    )


# SUPPORTED_FEATURES without XENFEAT_dom0 (Xen: "Kernel does not support
# Dom0 operation"), and a required supervisor_mode_kernel (Xen: "Dom0
# requires supervisor-mode execution").
TESTS += [
    refused_dom0_test(
        "dom0-lacks-dom0-feature", "test_no_dom0_feature",
        r"the kernel does not support dom0 operation \(its "
        r"SUPPORTED_FEATURES lack XENFEAT_dom0\)"),
    refused_dom0_test(
        "dom0-requires-supervisor-mode", "test_needs_supervisor_mode",
        r"the kernel requires supervisor-mode execution "
        r"\(supervisor_mode_kernel\)"),
]


# guest-lib's line when main() returns an error: the guest then crashes.
GUEST_MAIN_FAILED = r"^guest: main returned 1$"


def demo_test(name, guest, args, expect, exit="SUCCESS"):
    """A demo guest of dom0's ramdisk (guest-lib/examples/), run as dom0
    with a command line that makes it end: the lines in expect, then its
    power-off (or, for a bad command line, its crash)."""
    end = [POWERED_OFF] if exit == "SUCCESS" else [GUEST_MAIN_FAILED,
                                                   DOM0_CRASHED]
    return BootTest(
        name=name,
        image="kernel",
        cmdline="loglvl=info",
        timeout=GUEST_TIMEOUT,
        modules=[module(guest, "%s %s" % (guest, args))],
        expect=expect + end,
        forbid=[PANIC] + ([GUEST_LIB_TRAP_REPORT] if exit == "SUCCESS" else []),
        exit=exit,
    )


# The demo guests' logic, before domUs exist to run them: pingpong plays
# both sides of a loopback channel (the same calls as two domains make),
# counter ticks on its timer, spinner counts its own CPU time.
TESTS += [
    demo_test("demo-pingpong-loopback", "pingpong", "loopback rounds=2000", [
        r"^pingpong: loopback, port \d+ linked to port \d+$",
        r"^pingpong: 2000 round trips in \d+ us: \d+ round trips/s$",
    ]),
    demo_test("demo-pingpong-usage", "pingpong", "", [
        r"^pingpong: usage: pingpong port=P \| pingpong peer=D port=P",
    ], exit="DOM0_DIED"),
    demo_test("demo-counter", "counter", "ticks=3", [
        r"^counter: tick 1$", r"^counter: tick 2$", r"^counter: tick 3$",
    ]),
    demo_test("demo-spinner", "spinner", "seconds=1", [
        r"^spinner: spinning$", r"^spinner: done after 1 s of CPU$",
    ]),
]


# The 'q' debug key raises VIRQ_DEBUG on every vCPU, as Xen's does: the
# guest waits on the port while the runner types Ctrl-A three times and
# 'q' on the serial line.
TESTS.append(BootTest(
    name="test_debug_virq",
    image="kernel",
    cmdline="loglvl=info",
    modules=[module("test_debug_virq", "")],
    expect=[title("test_debug_virq", "VIRQ_DEBUG"),
            r"^test_debug_virq: ready for the 'q' key$",
            Send("\x01\x01\x01"), r"console input to Parasol",
            Send("q"), VERDICT_SUCCESS, POWERED_OFF],
    forbid=[GUEST_FAILED, PANIC],
    timeout=GUEST_TIMEOUT,
    xen=False,
    xen_reason="typed debug keys: the harness drives Xen's serial for "
    "dom0 sessions only",
))
