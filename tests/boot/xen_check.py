#!/usr/bin/env python3
"""The differential harness: every verdict guest runs as dom0 on Parasol
and on real Xen 4.17, under the same QEMU, and must end the same way on
both.

The guests are the boot tests of tests_guests.py (the micro-guests of
tests/guests/), with the same modules and arguments. Both hypervisors
boot with the QEMU flags of the boot tests plus `-cpu max,-smap`: QEMU
7.2's TCG with SMAP breaks a PV guest's iret, and one CPU model on both
sides keeps CPUID comparable. Xen's command line is XEN_CMDLINE.

Xen does not end QEMU through isa-debug-exit, so each run is read from
the serial console: the guest's verdict line ("Test result: ..."), its
checks ("  ok   what" and "  FAIL what: got ..."), and how dom0 ended,
from each hypervisor's own words:

    outcome       Parasol                       Xen 4.17
    powered off   "dom0 powered off"            "Hardware Dom0 halted"
    crashed       "dom0 crashed"                "Hardware Dom0 crashed"
    stopped       "dom0 stopped"                "Hardware Dom0 shutdown"
    not built     "dom0: cannot build"          a panic before dom0 starts
    panic         "PANIC"                       a panic after dom0 started

A run that shows none of these in time is a "hang".

dom0's sessions (tests_dom0.py and tests_xl.py: the shell and xl driven
over the serial line)
run on both hypervisors through the boot-test runner itself: each must
pass on each side, with the markers that only one hypervisor prints
given as On("parasol", ...) or On("xen", ...). Xen does not end QEMU,
so there a session ends at its last marker. A guest agrees when
its verdict and outcome are the same on both and no check differs; the
table at the end lists every guest, its verdict on each side, and the
checks that differ. A test whose BootTest has xen=False (a test of
Parasol's own reporting that has no counterpart on Xen) is listed but
not compared, with the reason it gives.

    python3 tests/boot/xen_check.py --build DIR --xen XEN_ELF [--jobs N]
        [NAME...]

Each run's serial output is kept in DIR/xen-check/NAME.{parasol,xen}.log.
Prints "xen-check: N passed, N failed" last; exits non-zero on any
difference.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dataclasses  # noqa: E402
import run  # noqa: E402  (the boot-test runner: its serial reader)
import tests_dom0  # noqa: E402
import tests_xl  # noqa: E402
import tests_guests  # noqa: E402

XEN_CMDLINE = "console=com1 dom0_mem=64M smap=0 loglvl=all guest_loglvl=all"
CPU = ["-cpu", "max,-smap"]
# A guest reaches its verdict in about 2 s on Xen and well under on
# Parasol; the bound only catches a hang on a busy two-core host.
RUN_TIMEOUT = 60.0

OUTCOMES = {
    "parasol": [
        ("powered off", r"dom0 powered off"),
        ("crashed", r"dom0 crashed"),
        ("stopped", r"dom0 stopped"),
        ("not built", r"dom0: cannot build"),
    ],
    "xen": [
        ("powered off", r"Hardware Dom0 halted"),
        ("crashed", r"Hardware Dom0 crashed"),
        ("stopped", r"Hardware Dom0 shutdown"),
    ],
}
# A panic ends a run too. Xen refuses a dom0 kernel by panicking while it
# builds dom0, before it frees its init memory and starts dom0: a panic
# then means "not built", later the hypervisor's own failure.
# Parasol says "dom0: cannot build" instead.
PANIC = {"parasol": re.compile(r"PANIC"),
         "xen": re.compile(r"Panic on CPU \d+")}
XEN_DOM0_STARTED = re.compile(r"Freed \d+kB init memory")
VERDICT = re.compile(r"^Test result: (SUCCESS|FAILURE|ERROR|SKIP)")
CHECK = re.compile(r"^  (ok|FAIL) +(.*)$")
# A FAIL line names the check, then says what it got.
FAIL_DETAIL = re.compile(r": got .*$")


class Run:
    """What one boot of one guest on one hypervisor showed."""

    def __init__(self):
        self.verdict = None  # "SUCCESS", "FAILURE", ... or None
        self.outcome = "hang"
        self.checks = {}  # check name -> list of "ok"/"FAIL", in order

    def summary(self):
        return "%s, %s" % (self.verdict or "no verdict", self.outcome)

    def take(self, line):
        m = VERDICT.search(line)
        if m and self.verdict is None:
            self.verdict = m.group(1)
        m = CHECK.match(line)
        if m:
            name = FAIL_DETAIL.sub("", m.group(2)).strip()
            self.checks.setdefault(name, []).append(m.group(1))


def qemu_command(hypervisor, test, build, xen):
    """The boot tests' QEMU command for test, on either hypervisor."""
    cmd = run.qemu_command(test, build)
    cmd[1:1] = CPU
    if hypervisor == "xen":
        kernel = cmd.index("-kernel")
        cmd[kernel + 1] = xen
        cmd[cmd.index("-append") + 1] = " ".join(
            o for o in (XEN_CMDLINE, test.xen_cmdline) if o)
    return cmd


def boot(hypervisor, test, build, xen):
    """Boot test's guest on hypervisor; a Run, and the log's path."""
    result = Run()
    ends = [(name, re.compile(p)) for name, p in OUTCOMES[hypervisor]]
    log_path = os.path.join(build, "xen-check",
                            "%s.%s.log" % (test.name, hypervisor))
    cmd = qemu_command(hypervisor, test, build, xen)
    with open(log_path, "w") as log:
        log.write("# " + " ".join(cmd) + "\n")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, bufsize=0)
        with run.running_lock:
            run.running.add(proc)
        reader = run.SerialReader(proc, log)
        deadline = time.monotonic() + RUN_TIMEOUT
        started = hypervisor == "parasol"  # see PANIC
        try:
            while True:
                got = reader.next_text(deadline)
                if got is None:
                    break
                whole, line = got
                if not whole:
                    continue
                result.take(line)
                if XEN_DOM0_STARTED.search(line):
                    started = True
                ended = [name for name, p in ends if p.search(line)]
                if PANIC[hypervisor].search(line):
                    ended = ["panic" if started else "not built"]
                if ended:
                    result.outcome = ended[0]
                    break
        except TimeoutError:
            log.write("# no end of dom0 within %.0f s\n" % RUN_TIMEOUT)
        finally:
            run.stop(proc)
            reader.close()
    return result, log_path


def differing_checks(parasol, xen):
    """Names of the checks whose results differ, or that ran on one
    side only, in the order the guest prints them."""
    names = list(parasol.checks) + [n for n in xen.checks
                                    if n not in parasol.checks]
    return [n for n in names if parasol.checks.get(n) != xen.checks.get(n)]


def compare(test, build, xen):
    """(agrees, parasol Run, xen Run, differing checks, logs)."""
    p, p_log = boot("parasol", test, build, xen)
    x, x_log = boot("xen", test, build, xen)
    diff = differing_checks(p, x)
    agrees = p.summary() == x.summary() and not diff
    return agrees, p, x, diff, (p_log, x_log)


# How a dom0 session fails on Xen, besides its own forbidden markers.
XEN_SESSION_FORBID = [r"Panic on CPU \d+", r"Hardware Dom0 (crashed|shutdown)"]


def session_view(test, hypervisor):
    """test as it runs on hypervisor; Xen never ends QEMU itself."""
    if hypervisor == "parasol":
        return test
    forbid = [f for f in test.forbid if f != PANIC["parasol"].pattern]
    return dataclasses.replace(test, exit=None, stay_up=0.0,
                               forbid=forbid + XEN_SESSION_FORBID)


def session(hypervisor, test, build, xen):
    """One dom0 session on hypervisor: (passed, report lines, log)."""
    log_path = os.path.join(build, "xen-check",
                            "%s.%s.log" % (test.name, hypervisor))
    cmd = qemu_command(hypervisor, test, build, xen)
    ok, _, report = run.run_test(session_view(test, hypervisor), build,
                                 hypervisor, cmd, log_path)
    return ok, report, log_path


def compare_session(test, build, xen):
    """(agrees, parasol result, xen result, differences, logs), where a
    result is "PASS" or "FAIL" and the differences are the failures'
    first lines."""
    p_ok, p_report, p_log = session("parasol", test, build, xen)
    x_ok, x_report, x_log = session("xen", test, build, xen)
    diff = ["Parasol: " + p_report[0]] if not p_ok else []
    diff += ["Xen: " + x_report[0]] if not x_ok else []
    word = {True: "PASS", False: "FAIL"}
    return p_ok and x_ok, word[p_ok], word[x_ok], diff, (p_log, x_log)


def shorten(diff, shown=2):
    """The first differing checks, and how many more (listed above)."""
    text = "; ".join(diff[:shown])
    if len(diff) > shown:
        text += "; and %d more" % (len(diff) - shown)
    return text


def print_table(rows):
    """One row per guest: name, verdict on Parasol, on Xen, differences."""
    head = ("test", "Parasol", "Xen 4.17", "checks that differ")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(3)]
    fmt = "  %%-%ds  %%-%ds  %%-%ds  %%s" % tuple(widths)
    print(fmt % head)
    print(fmt % tuple("-" * w for w in widths + [len(head[3])]))
    for r in rows:
        print(fmt % r)


def all_tests():
    """The guest tests, then dom0's sessions, then the xl sessions."""
    return tests_guests.TESTS + tests_dom0.TESTS + tests_xl.TESTS


def selected_tests(names):
    by_name = {t.name: t for t in all_tests()}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SystemExit("xen-check: no test named %s; the tests are: %s"
                         % (", ".join(unknown),
                            " ".join(by_name)))
    return ([by_name[n] for n in names]
            or all_tests())


def is_session(test):
    return any(run.is_input(m) for m in test.expect)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description="Parasol against Xen 4.17")
    parser.add_argument("--build", default="build")
    parser.add_argument("--xen", required=True, help="Xen's ELF image")
    parser.add_argument("--jobs", "-j", type=int, default=1)
    parser.add_argument("names", nargs="*", help="guest tests and dom0 sessions (all)")
    args = parser.parse_args()

    build = os.path.abspath(args.build)
    xen = os.path.abspath(args.xen)
    os.makedirs(os.path.join(build, "xen-check"), exist_ok=True)
    tests = selected_tests(args.names)
    compared = [t for t in tests if t.xen]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(compare_session if is_session(t) else compare,
                               t, build, xen): t for t in compared}
        for future in concurrent.futures.as_completed(futures):
            test = futures[future]
            results[test.name] = agrees, p, x, diff, logs = future.result()
            print("xen-check: %s %s" % ("AGREE" if agrees else "DIFFER",
                                        test.name))
            if agrees:
                continue
            if is_session(test):
                print("    Parasol: %s (%s)" % (p, logs[0]))
                print("    Xen:     %s (%s)" % (x, logs[1]))
                for line in diff:
                    print("    " + line)
                continue
            print("    Parasol: %s (%s)" % (p.summary(), logs[0]))
            print("    Xen:     %s (%s)" % (x.summary(), logs[1]))
            for name in diff:
                print("    %s: Parasol %s, Xen %s" % (
                    name, "/".join(p.checks.get(name, ["absent"])),
                    "/".join(x.checks.get(name, ["absent"]))))

    rows = []
    for t in tests:
        if not t.xen:
            rows.append((t.name, "not compared", "", t.xen_reason))
            continue
        agrees, p, x, diff, _ = results[t.name]
        if is_session(t):
            rows.append((t.name, p, x, shorten(diff, 1)))
        else:
            rows.append((t.name, p.summary(), x.summary(), shorten(diff)))
    print()
    print_table(rows)
    passed = sum(1 for r in results.values() if r[0])
    failed = len(results) - passed
    print("xen-check: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
