"""The boot tests: each entry boots the hypervisor once under QEMU.

A test names the boot medium ("kernel": QEMU -kernel with the Multiboot 1
image; "iso": a GRUB ISO made for this test, Multiboot 2), the hypervisor
command line, the markers that must appear on the serial line in this
order, the markers that must never appear, and how the run must end.

Markers are Python regular expressions searched for in each line. A
marker may be given as (regex, seconds) to bound the wait for it from
the previous marker; otherwise only the test's timeout bounds it.

exit is a name from enum hv_exit_status in hv/include/hv/panic.h,
without the HV_EXIT_ prefix ("SUCCESS", "PANIC", ...): the hypervisor
must end QEMU through isa-debug-exit with that code. exit=None means the
machine is expected to stay up: once every marker has appeared, the
runner watches it for stay_up more seconds (QEMU must not exit, nothing
forbidden may appear: a crash right after the last marker is caught),
then ends QEMU itself.

A marker may also refer to text an earlier marker matched: a named group
(?P<rip>0x[0-9a-f]+) in one marker is captured, and (?P=rip) in a later
marker stands for exactly that text. A guest prints the address it is
about to fault at, and the hypervisor's report must name the same one.

xen and xen_reason concern the guest tests (tests_guests.py) only: the
differential harness, xen_check.py, boots each of them on real Xen 4.17
as well and requires the same verdict, unless xen=False, whose reason
its table prints. xen_cmdline adds options to Xen's command line (a
later dom0_mem= overrides the harness's own).

modules are the Multiboot modules, paths relative to the build
directory, each optionally followed by its arguments
("guests/test_hello.elf arg1"); the first is dom0's kernel, the others
its ramdisk. They reach QEMU as -initrd "a args,b" (kernel tests only).

Send("text\\r") in the expect list types text into the serial line once
every marker before it has appeared. Input is paced by the guest, not
by time: a test that types several lines expects the echo (or prompt)
of each before sending the next.

Check("what", fn) in the expect list judges the named groups captured
so far, fn(captures), once every marker before it has appeared: what a
regular expression cannot say (two CPU times in a ratio).

On("parasol", marker) or On("xen", marker) in the expect list holds a
marker only one hypervisor prints. dom0's sessions (tests_dom0.py) run
on Xen 4.17 too, in the differential harness, since dom0 is a guest like
any other: what the hypervisor itself prints (its log lines, how it
ends) differs, what dom0 prints must not.

The table is split so that several people can add tests without
editing one file: this file holds the hypervisor's own tests and the
definitions; tests_guests.py the test micro-guests (tests/guests/);
tests_dom0.py, when it exists, dom0's; tests_xl.py many domains under
dom0's xl. Those files import what they need
from here (from tests import BootTest, Send, PANIC) and define TESTS;
the end of this file joins the tables.

tests/boot/run.py runs them; docs/building.md explains the whole.
"""

import importlib
import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple, Union


@dataclass(frozen=True)
class Send:
    """Text to type into the serial line, in a test's expect list."""
    text: str


@dataclass(frozen=True)
class On:
    """A marker that only one hypervisor's run expects: "parasol" or
    "xen" (xen_check.py runs dom0's sessions on both)."""
    hypervisor: str
    marker: Union[str, Tuple[str, float]]


@dataclass(frozen=True)
class Check:
    """A judgement on what earlier markers captured, in a test's expect
    list: holds(captures), with captures the dict of named groups seen
    so far, must be true once every marker before it has appeared (the
    ratio of two CPU times, a count that came back). what names it in
    the failure."""
    what: str
    holds: Callable[[Dict[str, str]], bool]


Marker = Union[str, Tuple[str, float], Send, On, Check]


@dataclass
class BootTest:
    name: str
    image: str  # "kernel" or "iso"
    cmdline: str
    expect: List[Marker]
    forbid: List[str] = field(default_factory=list)
    exit: Optional[str] = "SUCCESS"
    timeout: float = 60.0  # seconds for the whole boot, TCG on a busy host
    stay_up: float = 0.0  # with exit=None: seconds to watch after the markers
    modules: List[str] = field(default_factory=list)  # relative to BUILD
    # The differential harness (xen_check.py) boots every guest test and
    # every dom0 session on Xen 4.17 too; xen=False leaves one out, for
    # xen_reason.
    xen: bool = True
    xen_reason: str = ""
    xen_cmdline: str = ""  # Xen options after the harness's own


# Lines that end a test at once: the test would otherwise wait for
# markers that can no longer come.
PANIC = r"PANIC"
NESTED_PANIC = r"panic while panicking"
NOT_RUN = r"selftest: no test named"
GRUB_ERROR = r"^error: |Failed to boot"  # GRUB then waits for a key

# What a normal boot prints before the self-test runs, in order.
BOOT_BANNER = [
    r"Parasol \d+\.\d+\.\d+",
    r"CPU: ",
]
BOOT_SUMMARY = [
    r"Memory map:",
    r"Timer:",
]

HYPERVISOR_TESTS = [
    BootTest(
        name="boot-kernel",
        image="kernel",
        cmdline="loglvl=all selftest=exit",
        expect=BOOT_BANNER + [r"Loader: Multiboot 1"] + BOOT_SUMMARY
        + [r"selftest: exiting with status 0"],
        forbid=[PANIC, NOT_RUN],
    ),
    BootTest(
        name="boot-iso",
        image="iso",
        cmdline="loglvl=all selftest=exit",
        expect=BOOT_BANNER + [r"Loader: Multiboot 2"] + BOOT_SUMMARY
        + [r"selftest: exiting with status 0"],
        forbid=[PANIC, NOT_RUN, GRUB_ERROR],
    ),
    BootTest(
        name="timer",
        image="kernel",
        cmdline="loglvl=all selftest=timer",
        expect=[r"selftest: timer PASS"],
        forbid=[PANIC, NOT_RUN, r"selftest: timer FAIL"],
    ),
    BootTest(
        name="fault",
        image="kernel",
        cmdline="loglvl=all selftest=fault",
        expect=[
            r"PANIC: page fault \(vector 14\)",
            r"RIP:",
            r"Backtrace:",
            r"selftest_fault_target",
        ],
        forbid=[NESTED_PANIC, NOT_RUN, r"the fault did not happen"],
        exit="PANIC",
    ),
    # Recursion runs the boot stack into its guard page: the #PF cannot
    # be delivered on that stack, so the CPU raises #DF, which runs on its
    # own IST stack and is reported like any other fault.
    BootTest(
        name="stack-overflow",
        image="kernel",
        cmdline="selftest=stack-overflow",
        expect=[
            r"selftest: overflowing the stack",
            r"PANIC: double fault \(vector 8\)",
            r"RIP: .*<overflow_stack",
            r"Backtrace:",
        ],
        forbid=[NESTED_PANIC, NOT_RUN, r"the stack did not overflow"],
        exit="PANIC",
    ),
    # console=none silences the log, but never a panic's report.
    BootTest(
        name="console-none",
        image="kernel",
        cmdline="console=none selftest=fault",
        expect=[r"PANIC: page fault", r"Backtrace:", r"selftest_fault"],
        forbid=[r"Memory map:", r"Parasol \d", NESTED_PANIC],
        exit="PANIC",
    ),
    BootTest(
        name="bad-option",
        image="kernel",
        cmdline="selftest=exit bogus_option=1",
        expect=[
            r"unknown option 'bogus_option=1'",
            r"selftest: exiting with status 0",
        ],
        forbid=[PANIC, NOT_RUN],
    ),
    # An unknown self-test is reported, then the machine goes on to idle
    # as if no test was asked for, taking timer interrupts. Nothing ends
    # it: the runner does, after two seconds in which it must stay up.
    BootTest(
        name="unknown-selftest",
        image="kernel",
        cmdline="loglvl=all selftest=nope",
        expect=[r"no test named 'nope'", r"No dom0 kernel given: idling"],
        forbid=[PANIC],
        exit=None,
        stay_up=2.0,
    ),
]


def _table(module_name):
    """The TESTS of tests/boot/MODULE_NAME.py, or [] when the file does
    not exist (yet). Imported here, at the end, because those files
    import BootTest and the markers from this module."""
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.exists(os.path.join(here, module_name + ".py")):
        return []
    return importlib.import_module(module_name).TESTS


def _join(*tables):
    """One list; two tests with one name would shadow each other in the
    runner's lookup by name, so that is an error in the tables."""
    joined, seen = [], set()
    for table in tables:
        for test in table:
            if test.name in seen:
                raise ValueError("two boot tests are named %r" % test.name)
            seen.add(test.name)
            joined.append(test)
    return joined


TESTS = _join(HYPERVISOR_TESTS, _table("tests_guests"), _table("tests_dom0"),
              _table("tests_xl"))
