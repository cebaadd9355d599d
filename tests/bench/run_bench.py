#!/usr/bin/env python3
"""Benchmark runner for `make bench`: boots the hypervisor under QEMU
with tests/bench's guest as dom0 (its ramdisk holds the domUs it builds
for the many-domain figures), reads the figures the guest prints on the
serial line, and writes them all to BUILD/bench.json and as a table on
the terminal.

Each run is made on Parasol, then, when BUILD/xen/xen.elf exists
(tools/build/fetch_xen.sh), the same run with the same dom0 on Xen 4.17,
whose figures stand beside Parasol's in the table and in bench.json.

Under TCG (the default) it boots twice. The first run times with the
TSC as QEMU gives it without -icount: the host's TSC, so the figures
are host cycles spent emulating, which move with the host's load. The
second runs with `-icount shift=0,sleep=off`: the guest's TSC then
advances by exactly one tick per guest instruction executed, so its
figures are instruction counts (hypervisor and guest together), the
same on every run and every host. Under KVM (ACCEL=kvm) there is one
run, in the CPU's own cycles.

    python3 tests/bench/run_bench.py [--build DIR] [--timeout SECONDS]
        [--xen XEN_ELF | --no-xen]

Environment, as for the boot tests: ACCEL=tcg|kvm, QEMU, QEMU_MEM,
HV_CMDLINE (the hypervisor's command line), QEMU_ARGS (added to QEMU's
command line). Each run's serial output is kept in BUILD/bench/NAME.log.

There is no verdict on speed. The exit status is 0 when every run ended
with the guest powering off after printing all of its figures, and 1
when any run did not (a crash, a timeout, an error the guest reported).
"""

import argparse
import collections
import datetime
import json
import os
import re
import selectors
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

ACCEL_ARGS = {
    "tcg": ["-accel", "tcg"],
    "kvm": ["-accel", "kvm", "-cpu", "host"],
}
# Under -icount each instruction takes 2^shift ns of virtual time and
# the TSC counts virtual ns, so shift 0 makes one tick one instruction.
# sleep=off: an idle vCPU jumps straight to its next timer instead of
# waiting in real time, so nothing the host does reaches the guest's
# clock.
ICOUNT_SHIFT = 0

CLOCK_HOST_TSC = ("TCG without -icount: rdtsc reads the host's TSC, so "
                  "these are host cycles spent emulating, not cycles of a "
                  "CPU running this code; they vary with the host's load")
CLOCK_ICOUNT = ("TCG with -icount shift=%d: the guest TSC advances one "
                "tick per guest instruction, so these are instructions "
                "executed (guest and hypervisor), deterministic, not time"
                % ICOUNT_SHIFT)
CLOCK_KVM = "KVM: the CPU's own TSC, in cycles of the host CPU"

# Xen 4.17 as the differential harness boots it (tests/boot/xen_check.py):
# its command line, and the CPU model its PV guests need under QEMU 7.2's
# TCG (SMAP off: it breaks a PV guest's iret there).
XEN_CMDLINE = "console=com1 dom0_mem=64M smap=0 loglvl=all guest_loglvl=all"
XEN_CPU = {"tcg": ["-cpu", "max,-smap"], "kvm": ["-cpu", "host,-smap"]}
# How Xen says dom0 ended; Xen does not end QEMU itself.
XEN_DOM0_HALTED = re.compile(r"Hardware Dom0 halted")
XEN_DOM0_DIED = re.compile(r"Hardware Dom0 (crashed|shutdown)|Panic on CPU")
HYPERVISORS = ("parasol", "xen")
# The ramdisk of domUs the bench guest builds (tools/build/bench.mk).
RAMDISK = "bench-ramdisk.cpio"
# Figures whose unit the guest names itself (not TSC ticks).
OWN_UNITS = {"ns", "domains/s", "guests", "KiB"}

# The lines the guest prints (tests/bench/bench.c).
BEGIN = re.compile(r"^bench: begin samples=(\d+) ops=(\d+) warmup=(\d+)$")
TSC_KHZ = re.compile(r"^bench: tsc_khz=(\d+)$")
FIGURE = re.compile(r"^bench: (\w+) median=([\d.]+) min=([\d.]+) "
                    r"max=([\d.]+) samples=(\d+) ops=(\d+) unit=(\S+)$")
ERROR = re.compile(r"^bench: (\w+) error=(-?\d+)$")
UNAVAILABLE = re.compile(r"^bench: (\w+) unavailable: (.*)$")
END = re.compile(r"^bench: end errors=(\d+)$")
# How long a QEMU whose output has ended gets to exit.
EXIT_GRACE_SECONDS = 10
# Terminal control sequences and carriage returns, dropped from lines.
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b.|\r")


class RunFailed(Exception):
    pass


def exit_statuses():
    """The hypervisor's exit codes by name, from the header that
    defines them (as the boot-test runner reads them)."""
    with open(os.path.join(ROOT, "hv/include/hv/panic.h")) as f:
        text = f.read()
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"\bHV_EXIT_(\w+)\s*=\s*(\d+)", text)}


# One QEMU run: its name, the kind of run (the same on both
# hypervisors), its -icount shift (None: no icount), the unit its TSC
# ticks stand for, what its clock is, and the hypervisor it boots.
RunSpec = collections.namedtuple("RunSpec",
                                 "name kind icount_shift unit clock hv")


def runs_for(accel, xen):
    """The runs to make on this accelerator: Parasol's, then Xen's
    (xen: whether Xen's image is there)."""
    if accel == "kvm":
        kinds = [("kvm", None, "cycles", CLOCK_KVM)]
    else:
        kinds = [("tcg", None, "cycles", CLOCK_HOST_TSC),
                 ("tcg-icount", ICOUNT_SHIFT, "instructions (icount)",
                  CLOCK_ICOUNT)]
    runs = [RunSpec(k[0], *k, hv="parasol") for k in kinds]
    if xen:
        runs += [RunSpec("xen-" + k[0], *k, hv="xen") for k in kinds]
    return runs


def modules(build):
    """-initrd's modules: dom0, then its ramdisk of domUs if built."""
    mods = [os.path.join(build, "guests", "bench.elf")]
    ramdisk = os.path.join(build, RAMDISK)
    if os.path.isfile(ramdisk):
        mods.append(ramdisk)
    return ",".join(m.replace(",", ",,") for m in mods)


def qemu_command(build, spec, accel, xen_elf):
    cmd = [os.environ.get("QEMU", "qemu-system-x86_64")]
    cmd += ACCEL_ARGS[accel] if spec.hv == "parasol" else (
        ACCEL_ARGS[accel][:2] + XEN_CPU[accel])
    if spec.icount_shift is not None:
        cmd += ["-icount", "shift=%d,sleep=off" % spec.icount_shift]
    cmd += ["-m", os.environ.get("QEMU_MEM", "512M"),
            "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if spec.hv == "parasol":
        cmd += ["-kernel", os.path.join(build, "parasol.bin"),
                "-append", os.environ.get("HV_CMDLINE", "")]
    else:
        cmd += ["-kernel", xen_elf, "-append", XEN_CMDLINE]
    cmd += ["-initrd", modules(build)]
    return cmd + shlex.split(os.environ.get("QEMU_ARGS", ""))


def serial_lines(proc, log, deadline):
    """Yields QEMU's output line by line, each written to log; raises
    RunFailed when the deadline passes first."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    pending = b""
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunFailed("timed out")
            if not sel.select(left):
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            pending += chunk
            *whole, pending = pending.split(b"\n")
            for raw in whole:
                line = CONTROL.sub("", raw.decode("utf-8", "replace"))
                log.write(line + "\n")
                yield line
        if pending:
            line = CONTROL.sub("", pending.decode("utf-8", "replace"))
            log.write(line + "\n")
            yield line
    finally:
        sel.close()


def parse(lines, accel, unit):
    """Reads the guest's lines until its end marker; returns the run's
    settings and figures. Raises RunFailed on a missing marker or an
    error the guest reported."""
    run = {"figures": {}}
    errors = []
    for line in lines:
        m = BEGIN.match(line)
        if m:
            run["samples"], run["ops"], run["warmup"] = map(int, m.groups())
            continue
        m = TSC_KHZ.match(line)
        if m:
            run["tsc_khz"] = int(m.group(1))
            continue
        m = FIGURE.match(line)
        if m:
            own = m.group(7) in OWN_UNITS
            run["figures"][m.group(1)] = {
                "median": float(m.group(2)), "min": float(m.group(3)),
                "max": float(m.group(4)), "samples": int(m.group(5)),
                "ops": int(m.group(6)),
                "unit": m.group(7) if own else unit, "accel": accel}
            continue
        m = UNAVAILABLE.match(line)
        if m:
            run["figures"][m.group(1)] = {"unavailable": m.group(2),
                                          "accel": accel}
            continue
        m = ERROR.match(line)
        if m:
            errors.append("%s: error %s" % m.groups())
            continue
        if END.match(line):
            if "samples" not in run:
                raise RunFailed("no 'bench: begin' line")
            if errors:
                raise RunFailed("the guest could not measure " +
                                ", ".join(errors))
            return run
    raise RunFailed("output ended before 'bench: end'")


def describe_end(proc):
    """How QEMU ended, for a failed run's message; kills it if it is
    still running, since the run is over either way."""
    try:
        status = proc.wait(timeout=EXIT_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        return "QEMU was still running, killed"
    if status < 0:
        return "QEMU killed by signal %d" % -status
    if status % 2 == 1:
        code = status >> 1
        names = [n for n, c in exit_statuses().items() if c == code]
        return "QEMU exit status %d: hypervisor exit %s" % (
            status, names[0] if names else code)
    return "QEMU exit status %d: QEMU itself failed or was reset" % status


def xen_end(lines):
    """Reads Xen's words after dom0's last line: True when dom0 halted
    (powered off), False when it crashed or Xen panicked."""
    for line in lines:
        if XEN_DOM0_HALTED.search(line):
            return True
        if XEN_DOM0_DIED.search(line):
            return False
    return False


def boot(build, spec, accel, timeout, xen_elf):
    """One QEMU run; returns its record for bench.json."""
    os.makedirs(os.path.join(build, "bench"), exist_ok=True)
    log_path = os.path.join(build, "bench", spec.name + ".log")
    cmd = qemu_command(build, spec, accel, xen_elf)
    print("bench: %s run: %s" % (spec.name, " ".join(shlex.quote(c)
                                                 for c in cmd)))
    want = (exit_statuses()["SUCCESS"] << 1) | 1
    with open(log_path, "w") as log:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
        except OSError as e:
            raise RunFailed("cannot run %s: %s" % (cmd[0], e))
        try:
            deadline = time.monotonic() + timeout
            lines = serial_lines(proc, log, deadline)
            run = parse(lines, accel, spec.unit)
            if spec.hv == "xen":
                # Xen halts the machine but leaves QEMU running: its
                # words are the verdict, and QEMU is killed (finally).
                if not xen_end(lines):
                    raise RunFailed("dom0 did not halt on Xen")
                status = want
            else:
                for _ in lines:  # the hypervisor's last words, into the log
                    pass
                status = proc.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise RunFailed("QEMU did not exit after the guest's last line "
                            "(log: %s)" % log_path)
        except RunFailed as e:
            raise RunFailed("%s; %s (log: %s)"
                            % (e, describe_end(proc), log_path))
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    if status != want:
        raise RunFailed("QEMU exit status %d, not %d (the guest powering "
                        "off); log: %s" % (status, want, log_path))
    # Settings first, figures last, for whoever reads the file.
    return dict(name=spec.name, hypervisor=spec.hv, kind=spec.kind,
                accel=accel, unit=spec.unit,
                clock=spec.clock, icount_shift=spec.icount_shift,
                samples=run["samples"], ops=run["ops"],
                warmup=run["warmup"], tsc_khz=run.get("tsc_khz"),
                command=cmd, log=log_path, figures=run["figures"])


def value_text(f):
    if f is None:
        return "-"
    if "unavailable" in f:
        return "n/a"
    return "%.2f" % f["median"]


def print_table(run, xen_run):
    """Parasol's run, with the same run's figures on Xen beside it."""
    print()
    print("%s: medians (min - max) of %d samples; TSC ticks are %s"
          % (run["kind"], run["samples"], run["unit"]))
    print("  %-26s %-12s %14s %24s %14s"
          % ("figure", "unit", "parasol", "(min - max)",
             "xen 4.17" if xen_run else ""))
    notes = []
    names = list(run["figures"])
    if xen_run:
        names += [n for n in xen_run["figures"] if n not in names]
    for name in names:
        f = run["figures"].get(name)
        x = xen_run["figures"].get(name) if xen_run else None
        unit = (f or x).get("unit", "")
        spread = ("" if f is None or "unavailable" in f
                  else "(%.2f - %.2f)" % (f["min"], f["max"]))
        print("  %-26s %-12s %14s %24s %14s"
              % (name, unit[:12], value_text(f), spread,
                 value_text(x) if xen_run else ""))
        for who, fig in (("parasol", f), ("xen", x)):
            if fig and "unavailable" in fig:
                notes.append("%s on %s: %s" % (name, who, fig["unavailable"]))
    for n in notes:
        print("  n/a: " + n)
    print("  note: " + run["clock"])
    print()


def add_xen_figures(run, xen_run):
    """Each Parasol figure gets Xen's beside it, under "xen"."""
    for name, f in run["figures"].items():
        x = xen_run["figures"].get(name)
        if x is not None:
            f["xen"] = {k: v for k, v in x.items()
                        if k in ("median", "min", "max", "unavailable")}


def qemu_version():
    qemu = os.environ.get("QEMU", "qemu-system-x86_64")
    try:
        out = subprocess.run([qemu, "--version"], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.splitlines()[0] if out else None


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description="Parasol benchmarks")
    parser.add_argument("--build", default="build",
                        help="build directory with parasol.bin and "
                             "guests/bench.elf")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds each QEMU run may take")
    parser.add_argument("--xen", default=None,
                        help="Xen 4.17's image (default BUILD/xen/xen.elf)")
    parser.add_argument("--no-xen", action="store_true",
                        help="Parasol's runs only")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    xen_elf = os.path.abspath(args.xen or os.path.join(build, "xen",
                                                       "xen.elf"))
    xen = not args.no_xen and os.path.isfile(xen_elf)
    if not args.no_xen and not xen:
        print("bench: no Xen 4.17 at %s (tools/build/fetch_xen.sh): "
              "Parasol's figures only" % xen_elf)
    accel = os.environ.get("ACCEL", "tcg")
    if accel not in ACCEL_ARGS:
        print("bench: ACCEL must be one of %s, not %r"
              % (", ".join(ACCEL_ARGS), accel), file=sys.stderr)
        return 2

    # A failed run leaves no file, rather than the figures of an older one.
    out = os.path.join(build, "bench.json")
    if os.path.exists(out):
        os.remove(out)
    runs = []
    try:
        for spec in runs_for(accel, xen):
            runs.append(boot(build, spec, accel, args.timeout, xen_elf))
            print("bench: %s done" % spec.name)
    except RunFailed as e:
        print("bench: FAILED: %s" % e, file=sys.stderr)
        return 1
    for run in runs:
        if run["hypervisor"] != "parasol":
            continue
        xen_run = next((r for r in runs if r["hypervisor"] == "xen"
                        and r["kind"] == run["kind"]), None)
        print_table(run, xen_run)
        if xen_run:
            add_xen_figures(run, xen_run)

    with open(out, "w") as f:
        json.dump({"format": 2,
                   "date": datetime.datetime.now(
                       datetime.timezone.utc).isoformat(timespec="seconds"),
                   "qemu": qemu_version(),
                   "runs": runs}, f, indent=2)
        f.write("\n")
    print("bench: wrote %s" % os.path.relpath(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
