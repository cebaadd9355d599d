#!/usr/bin/env python3
"""Boot-test runner: boots the hypervisor under QEMU once per test in
tests/boot/tests.py and judges each run by its serial output and by how
QEMU ended.

For each test it starts QEMU with the serial line on pipes, reads the
output as it comes, and waits for the expected markers in order, each
within its time limit; a forbidden marker fails the test at once. Input
the test types (Send) goes out when every marker before it has
appeared. Then it waits for QEMU to exit and checks the status the
hypervisor wrote to isa-debug-exit, or, for a test that expects no
exit, ends QEMU itself. A crash, a hang and a missing verdict all fail:
nothing is judged by a fixed sleep.

A marker is searched in each whole line. A marker that input follows
is also searched in a line still being written, since a prompt ends in
no newline; only there, since a partial line could satisfy a marker its
whole line would not (a `$`, a number cut short). Such a match, or typed
input, makes the text before it old: later markers search only what
follows.

    python3 tests/boot/run.py [--build DIR] [--jobs N] [--list] [NAME...]

Environment: ACCEL=tcg (default) or kvm; QEMU (default
qemu-system-x86_64); QEMU_MEM (default 512M).

Prints "boot: PASS NAME" or "boot: FAIL NAME" per test, with the reason
and the last lines seen for a failure, then "boot: N passed, N failed".
Each test's whole serial output is kept in BUILD/boot/NAME.log.
"""

import argparse
import collections
import concurrent.futures
import os
import re
import selectors
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import tests as boot_tests  # noqa: E402  (the table, next to this file)
from tests import Check, On, Send  # noqa: E402

TAIL_LINES = 40
TAIL_WIDTH = 160  # a GRUB menu redraw is one very long line
ACCEL_ARGS = {
    "tcg": ["-accel", "tcg"],
    "kvm": ["-accel", "kvm", "-cpu", "host"],
}
# Terminal control sequences (GRUB draws its menu with them) and
# carriage returns, removed before matching and logging.
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b.|\r")

# (?P=name) in a marker: the text an earlier marker's group captured.
BACKREF = re.compile(r"\(\?P=(\w+)\)")

# QEMU processes still running, so that an interrupted run ends them.
running = set()
running_lock = threading.Lock()


def exit_statuses():
    """The hypervisor's exit codes by name, read from the header that
    defines them, so the table and the hypervisor cannot drift apart."""
    path = os.path.join(ROOT, "hv/include/hv/panic.h")
    with open(path) as f:
        text = f.read()
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"\bHV_EXIT_(\w+)\s*=\s*(\d+)", text)}


EXIT_STATUS = exit_statuses()


def describe_status(status):
    """Say what a QEMU exit status means."""
    if status is None:
        return "still running"
    if status < 0:
        return "QEMU killed by signal %d" % -status
    if status == 0:
        return "QEMU exited with 0: no isa-debug-exit (a reset or triple " \
               "fault with -no-reboot, or QEMU quit)"
    if status % 2 == 1:
        code = status >> 1
        names = [n for n, c in EXIT_STATUS.items() if c == code]
        return "QEMU status %d: hypervisor exit code %d (%s)" % (
            status, code, names[0] if names else "unknown")
    return "QEMU status %d: QEMU itself failed" % status


class Failure(Exception):
    pass


class SerialReader:
    """Lines of a process's output as they come, and the line being
    written when the output pauses (a prompt), with a deadline on each
    wait. Keeps the last lines for the failure report and writes
    every line to the log."""

    def __init__(self, proc, log):
        self.proc = proc
        self.log = log
        self.fd = proc.stdout.fileno()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.fd, selectors.EVENT_READ)
        self.pending = b""
        self.partial_shown = None  # the unfinished line last returned
        self.lines = collections.deque()
        self.tail = collections.deque(maxlen=TAIL_LINES)
        self.eof = False

    def _take(self, raw):
        text = self._clean(raw)
        self.log.write(text + "\n")
        self.log.flush()
        self.tail.append(text)
        self.lines.append(text)
        self.partial_shown = None

    def next_text(self, deadline):
        """(True, line) for the next whole line; (False, text) for the
        line being written, each time more of it has come and nothing
        finished it (the same line comes back whole later); None at the
        end of the output. Raises TimeoutError when the deadline passes
        first."""
        while not self.lines:
            if self.eof:
                return None
            if self.pending and self.pending != self.partial_shown:
                self.partial_shown = self.pending
                return False, self._clean(self.pending)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if not self.selector.select(left):
                continue
            chunk = os.read(self.fd, 4096)
            if not chunk:
                self.eof = True
                if self.pending:
                    self._take(self.pending)
                    self.pending = b""
                continue
            self.pending += chunk
            *whole, self.pending = self.pending.split(b"\n")
            for raw in whole:
                self._take(raw)
        return True, self.lines.popleft()

    @staticmethod
    def _clean(raw):
        return CONTROL.sub("", raw.decode("utf-8", "replace"))

    def last_lines(self):
        tail = list(self.tail)
        if self.pending:
            tail.append(self._clean(self.pending))
        return tail[-TAIL_LINES:]

    def close(self):
        self.selector.close()


def for_hypervisor(test, hypervisor):
    """test's expect list as a run on hypervisor sees it: the On markers
    of the other hypervisor dropped, its own unwrapped."""
    return [m.marker if isinstance(m, On) else m for m in test.expect
            if not isinstance(m, On) or m.hypervisor == hypervisor]


def marker_parts(marker, default_timeout):
    """(regex, seconds) for a marker, or (Send, seconds) for input."""
    if isinstance(marker, tuple):
        return marker
    return marker, default_timeout


def resolve(pattern, captures):
    """The marker's regex with each (?P=name) replaced by the text that
    an earlier marker's group name matched."""
    def captured(m):
        if m.group(1) not in captures:
            raise Failure("marker %r refers to group %r, which no earlier "
                          "marker captured" % (pattern, m.group(1)))
        return re.escape(captures[m.group(1)])
    return BACKREF.sub(captured, pattern)


def module_arg(module, build):
    """One -initrd entry: the file (relative to the build directory)
    made absolute, its arguments kept; QEMU separates modules with
    commas, so a comma of the entry itself is doubled."""
    path, _, args = module.partition(" ")
    path = os.path.join(build, path)
    if not os.path.isfile(path):
        raise Failure("module %s does not exist (make guests builds the "
                      "test guests)" % path)
    entry = path + (" " + args if args else "")
    return entry.replace(",", ",,")


def qemu_command(test, build):
    accel = os.environ.get("ACCEL", "tcg")
    if accel not in ACCEL_ARGS:
        raise Failure("ACCEL must be one of %s, not %r"
                      % (", ".join(ACCEL_ARGS), accel))
    cmd = [os.environ.get("QEMU", "qemu-system-x86_64")]
    cmd += ACCEL_ARGS[accel]
    cmd += ["-m", os.environ.get("QEMU_MEM", "512M"),
            "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if test.image == "kernel":
        cmd += ["-kernel", os.path.join(build, "parasol.bin"),
                "-append", test.cmdline]
        if test.modules:
            cmd += ["-initrd", ",".join(module_arg(m, build)
                                        for m in test.modules)]
    elif test.image == "iso":
        cmd += ["-cdrom", make_iso(test, build)]
    else:
        raise Failure("unknown image kind %r" % test.image)
    return cmd


def make_iso(test, build):
    """A GRUB ISO whose grub.cfg carries this test's command line."""
    tree = os.path.join(build, "boot", test.name + ".iso.d")
    iso = os.path.join(build, "boot", test.name + ".iso")
    modules = []
    for m in test.modules:
        path, _, args = m.partition(" ")
        module_arg(m, build)  # reports a missing file
        modules.append(os.path.join(build, path) + (" " + args if args else ""))
    done = subprocess.run(
        ["sh", os.path.join(ROOT, "tools/build/mkiso.sh"),
         os.path.join(build, "parasol.elf"), tree, iso, test.cmdline]
        + modules,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise Failure("could not make the ISO:\n" + done.stdout)
    return iso


def is_input(marker):
    return isinstance(marker_parts(marker, None)[0], Send)


def send_input(proc, log, text):
    """Type text into the serial line, and note it in the log."""
    data = text.encode("utf-8")
    log.write("# typed %r\n" % text)
    try:
        while data:
            data = data[os.write(proc.stdin.fileno(), data):]
    except OSError as e:
        raise Failure("could not type %r: QEMU no longer reads its input "
                      "(%s)" % (text, e))


class Watch:
    """Where a test is in its expect list, and what it has seen."""

    def __init__(self, test, proc, log, hypervisor):
        self.test = test
        self.proc = proc
        self.log = log
        self.start = time.monotonic()
        self.expect = [marker_parts(m, test.timeout)
                       for m in for_hypervisor(test, hypervisor)]
        self.forbid = [re.compile(f) for f in test.forbid]
        self.index = 0
        self.since = self.start  # when the previous marker appeared
        self.captures = {}
        self.skip = 0  # characters of the current line already judged

    def waiting_for(self):
        return self.expect[self.index][0] if self.markers_left() else None

    def markers_left(self):
        return self.index < len(self.expect)

    def deadline(self):
        test_deadline = self.start + self.test.timeout
        if self.markers_left():
            return min(test_deadline, self.since + self.expect[self.index][1])
        if self.test.exit is None:
            return self.since + self.test.stay_up
        return test_deadline

    def judge_due(self):
        """Judge every Check that is next in the list."""
        while (self.markers_left()
               and isinstance(self.expect[self.index][0], Check)):
            check = self.expect[self.index][0]
            try:
                holds = check.holds(self.captures)
            except (KeyError, ValueError) as e:
                raise Failure("check %r could not be judged: %r"
                              % (check.what, e))
            if not holds:
                raise Failure("check %r failed on %s"
                              % (check.what, self.captures))
            self.index += 1

    def send_due(self, seen):
        """Judge the Checks, then type every Send that is next in the
        list; seen is how much of the current line came before it. True
        if anything was typed."""
        typed = False
        self.judge_due()
        while self.markers_left() and is_input(self.expect[self.index]):
            send_input(self.proc, self.log, self.expect[self.index][0].text)
            self.index += 1
            self.since = time.monotonic()
            self.skip = seen
            typed = True
            self.judge_due()
        return typed

    def before_input(self):
        """Is the marker awaited the last before some input (a prompt)?"""
        after = self.index + 1
        return after < len(self.expect) and is_input(self.expect[after])

    def match(self, text, whole):
        """Advance over the markers text satisfies. A whole line is
        searched by each marker in full (several may match one line); a
        partial one only by a prompt, after the previous match."""
        while self.markers_left() and (whole or self.before_input()):
            m = re.search(resolve(self.expect[self.index][0], self.captures),
                          text[self.skip:])
            if not m:
                break
            self.captures.update({k: v for k, v in m.groupdict().items()
                                  if v is not None})
            self.index += 1
            self.since = time.monotonic()
            if not whole:
                self.skip += m.end()
            if self.send_due(len(text)):
                break  # what answers the input comes after it
        if whole:
            self.skip = 0


def watch(test, reader, proc, hypervisor):
    """Check the serial output against the test's markers, typing its
    input on the way. Returns when every marker has appeared and, if
    the test expects an exit, when the output has ended; raises Failure
    otherwise."""
    w = Watch(test, proc, reader.log, hypervisor)
    w.send_due(0)
    while True:
        try:
            got = reader.next_text(w.deadline())
        except TimeoutError:
            if w.markers_left():
                raise Failure("timed out after %.0f s waiting for marker "
                              "%r" % (time.monotonic() - w.start,
                                      w.waiting_for()))
            if test.exit is None:
                return  # stayed up as long as asked
            raise Failure("every marker appeared, but QEMU did not exit "
                          "within %.0f s" % test.timeout)
        if got is None:
            if w.markers_left():
                raise Failure("output ended before marker %r"
                              % w.waiting_for())
            if test.exit is None:
                raise Failure("QEMU exited, but the machine should have "
                              "stayed up")
            return
        whole, text = got
        if whole:
            for f in w.forbid:
                if f.search(text):
                    raise Failure("forbidden marker %r appeared" % f.pattern)
        w.match(text, whole)
        if not w.markers_left() and test.exit is None and not test.stay_up:
            return


def check_exit(test, proc):
    if test.exit is None:
        return
    if test.exit not in EXIT_STATUS:
        raise Failure("exit %r is not in enum hv_exit_status" % test.exit)
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("QEMU closed its output but did not exit")
    want = (EXIT_STATUS[test.exit] << 1) | 1
    if status != want:
        raise Failure("expected hypervisor exit %s (QEMU status %d); got %s"
                      % (test.exit, want, describe_status(status)))


def stop(proc):
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if proc.stdin is not None:
        proc.stdin.close()
    with running_lock:
        running.discard(proc)


def run_test(test, build, hypervisor="parasol", cmd=None, log_path=None):
    """Boot once; returns (passed, seconds, report lines). The
    differential harness gives its own QEMU command and log, and the
    hypervisor whose On markers count."""
    start = time.monotonic()
    os.makedirs(os.path.join(build, "boot"), exist_ok=True)
    log_path = log_path or os.path.join(build, "boot", test.name + ".log")
    proc = None
    reader = None
    with open(log_path, "w") as log:
        try:
            cmd = cmd or qemu_command(test, build)
            log.write("# " + " ".join(cmd) + "\n")
            # With -serial stdio, QEMU's stdin is the serial line's input.
            typing = any(is_input(m) for m in test.expect)
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE if typing else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
            with running_lock:
                running.add(proc)
            reader = SerialReader(proc, log)
            watch(test, reader, proc, hypervisor)
            check_exit(test, proc)
            return True, time.monotonic() - start, []
        except Failure as e:
            report = [str(e)]
            if reader is not None and reader.eof:
                try:  # the output ended: QEMU is exiting, say how
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            if proc is not None and proc.poll() is not None:
                report.append(describe_status(proc.returncode))
            if reader is not None:
                report.append("last lines seen (all in %s):" % log_path)
                report += ["  | " + line[:TAIL_WIDTH]
                           for line in reader.last_lines()]
            log.write("# FAIL: %s\n" % e)
            return False, time.monotonic() - start, report
        finally:
            if proc is not None:
                stop(proc)
            if reader is not None:
                reader.close()


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description="Parasol boot tests")
    parser.add_argument("--build", default="build",
                        help="build directory with parasol.bin and .elf")
    parser.add_argument("--jobs", "-j", type=int, default=1,
                        help="tests to run at once (default 1)")
    parser.add_argument("--list", action="store_true",
                        help="print the test names and stop")
    parser.add_argument("names", nargs="*", help="tests to run (all)")
    args = parser.parse_args()

    by_name = {t.name: t for t in boot_tests.TESTS}
    if args.list:
        for t in boot_tests.TESTS:
            print(t.name)
        return 0
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        print("boot: no test named %s; see --list" % ", ".join(unknown),
              file=sys.stderr)
        return 2
    selected = [by_name[n] for n in args.names] or boot_tests.TESTS
    build = os.path.abspath(args.build)

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(run_test, t, build): t for t in selected}
        try:
            for future in concurrent.futures.as_completed(futures):
                test = futures[future]
                ok, seconds, report = future.result()
                print("boot: %s %s (%.1f s)"
                      % ("PASS" if ok else "FAIL", test.name, seconds))
                for line in report:
                    print("    " + line)
                passed += ok
                failed += not ok
        except KeyboardInterrupt:
            for f in futures:
                f.cancel()
            with running_lock:
                for proc in running:
                    proc.kill()
            raise
    print("boot: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
