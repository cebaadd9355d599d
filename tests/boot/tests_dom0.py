"""Boot tests of dom0 (tools/dom0/): the hypervisor builds dom0 from the
first module, and the tests drive its shell over the serial line, one
command at a time, as a person at the terminal would.

Each command is typed only once the prompt for it has appeared, and
each answer is matched line by line, so a shell that prints garbage, a
command that hangs and a dom0 that crashes all fail. Every session ends
with `poweroff`: the hypervisor then ends QEMU with SUCCESS, which is
dom0's verdict.

The ramdisk files come from the build (tools/build/dom0.mk): the
default ramdisk, packed from tools/dom0/ramdisk/, and a damaged one
that is not a cpio archive at all. What the README must look like is
read from the source file, so that editing it breaks no test.

Joined into the table by tests.py; run with tests/boot/run.py.
"""

import os
import re

from tests import PANIC, BootTest, On, Send

HERE = os.path.dirname(os.path.abspath(__file__))
RAMDISK_SOURCE = os.path.join(HERE, "..", "..", "tools", "dom0", "ramdisk")
README = os.path.join(RAMDISK_SOURCE, "README")

# Paths relative to the build directory (tools/build/dom0.mk).
DOM0 = "guests/dom0.elf"
RAMDISK = "dom0-ramdisk.cpio"
BAD_RAMDISK = "dom0-bad-ramdisk.cpio"
BAD_RAMDISK_SIZE = len("this is not a cpio archive\n")  # dom0.mk writes it

# Each session takes well under a second under TCG; the bound only
# catches a hang, on a busy host.
DOM0_TIMEOUT = 30.0

# The prompt, as the partial line it is while dom0 waits for input.
PROMPT = r"^dom0# $"
BANNER = r"^Parasol dom0 \d+\.\d+\.\d+: type 'help' for the commands$"
# The command table (cmd_system.c, cmd_ramdisk.c, xl.c, cmd_demo.c):
# usage, then help.
COMMANDS = [
    (r"help \[COMMAND\]", r"list the commands, or explain one"),
    (r"info", r"show the version, memory and uptime"),
    (r"poweroff", r"shut the machine down"),
    (r"ls", r"list the files of the ramdisk with their sizes"),
    (r"cat FILE", r"print a file of the ramdisk"),
    (r"xl COMMAND \[ARGS\]",
     r"manage domains, as Xen's xl \('xl help' lists the commands\)"),
    (r"pingpong",
     r"start the two pingpong domains, joined by an event channel"),
]
HELP_LISTING = [r"^commands:$"] + [r"^  %s +%s$" % c for c in COMMANDS]

# What means dom0, or the hypervisor under it, went wrong: a panic, an
# event nobody handles (the console VIRQ would then be masked for good),
# dom0 dying instead of powering off.
FORBID = [
    PANIC,
    r"has no handler: masked",
    r"dom0 (crashed|stopped)",
]

# dom0's memory as the hypervisor's builder announces it, captured so
# that `info` must report the very same figure. On Xen it is the
# harness's dom0_mem=64M.
DOM0_MEMORY = On("parasol",
                 r"\(HV\) dom0: Parasol \S+, (?P<memory>\d+ [KM]iB), entry")
INFO_MEMORY = [On("parasol", r"^memory:  (?P=memory)$"),
               On("xen", r"^memory:  64 MiB$")]


def command(text):
    """Wait for the prompt, then type a command line and Enter (a
    terminal sends CR)."""
    return [PROMPT, Send(text + "\r")]


def echo(text):
    """The shell's echo of what was typed. The runner searches the rest
    of the prompt's line only: the prompt itself was matched already."""
    return r"^%s$" % re.escape(text)


def poweroff():
    return command("poweroff") + [
        echo("poweroff"),
        r"^dom0: powering off$",
        On("parasol", r"dom0 powered off"),
        On("xen", r"Hardware Dom0 halted"),
    ]


def readme_first_line():
    with open(README) as f:
        return f.readline().rstrip("\n")


TESTS = [
    # The shell itself: help lists every command of the table, info
    # shows the hypervisor, dom0's memory and the uptime, an unknown
    # command is named back, and Backspace edits the line before it
    # runs: "hepl", two Backspaces and "lp" is "help".
    BootTest(
        name="dom0-shell",
        image="kernel",
        cmdline="loglvl=info",
        timeout=DOM0_TIMEOUT,
        modules=[DOM0, RAMDISK],
        expect=[DOM0_MEMORY, BANNER, r"^dom0: ramdisk of \d+ bytes"]
        + command("help") + [echo("help")] + HELP_LISTING
        + command("info") + [
            echo("info"),
            r"^version: Xen \d+\.\d+\S*$",
            *INFO_MEMORY,
            r"^uptime:  \d+\.\d{3} s$",
        ]
        + command("frobnicate") + [
            echo("frobnicate"),
            r"^dom0: unknown command 'frobnicate' \(try 'help'\)$",
        ]
        + command("hepl\b\blp") + [r"^hepl(\x08 \x08){2}lp$"]
        + HELP_LISTING
        + poweroff(),
        forbid=FORBID + [r"unknown command 'hep"],
    ),
    # The ramdisk commands on the default ramdisk: ls lists the README
    # with its real size, cat prints it, and both ways to misuse cat
    # give one line each.
    BootTest(
        name="dom0-ramdisk",
        image="kernel",
        cmdline="loglvl=info",
        timeout=DOM0_TIMEOUT,
        modules=[DOM0, RAMDISK],
        expect=[BANNER, r"^dom0: ramdisk of \d+ bytes, \d+ entries$"]
        + command("ls") + [
            echo("ls"),
            r"^ +%d  README$" % os.path.getsize(README),
            r"^\d+ files?, \d+ bytes?$",
        ]
        + command("cat README") + [
            echo("cat README"),
            r"^%s$" % re.escape(readme_first_line()),
        ]
        + command("cat") + [echo("cat"), r"^usage: cat FILE$"]
        + command("cat nosuchfile") + [
            echo("cat nosuchfile"),
            r"^cat: no such file: nosuchfile$",
        ]
        + poweroff(),
        forbid=FORBID,
    ),
    # dom0 alone, as `make run QEMU_MODULES=build/guests/dom0.elf` boots
    # it: it says there is no ramdisk and works on without one.
    BootTest(
        name="dom0-no-ramdisk",
        image="kernel",
        cmdline="loglvl=info",
        timeout=DOM0_TIMEOUT,
        modules=[DOM0],
        expect=[BANNER, r"^dom0: no ramdisk$"]
        + command("ls") + [echo("ls"), r"^ls: no ramdisk$"]
        + poweroff(),
        forbid=FORBID,
    ),
    # A module that is not a cpio archive: dom0 says what is wrong in
    # one line at boot, gives its prompt all the same, and the ramdisk
    # commands refuse the damaged archive with the same reason.
    BootTest(
        name="dom0-bad-ramdisk",
        image="kernel",
        cmdline="loglvl=info",
        timeout=DOM0_TIMEOUT,
        modules=[DOM0, BAD_RAMDISK],
        expect=[
            BANNER,
            r"^dom0: bad ramdisk \(%d bytes\): bad magic .* at offset 0x0$"
            % BAD_RAMDISK_SIZE,
        ]
        + command("ls") + [
            echo("ls"),
            r"^ls: bad ramdisk: bad magic .*\(at offset 0x0\)$",
        ]
        + command("cat README") + [
            echo("cat README"),
            r"^cat: bad ramdisk: bad magic",
        ]
        + poweroff(),
        forbid=FORBID,
    ),
]

# xl's own checks, which need no privileged call: its help, an unknown
# sub-command, a missing operand, a config that is not in the ramdisk
# and a key=value that does not parse (xl.c, xlcfg.c; every command is
# host-tested against a fake backend in tests/unit/test_xl.c).
TESTS.append(BootTest(
    name="dom0-xl",
    image="kernel",
    cmdline="loglvl=info",
    timeout=DOM0_TIMEOUT,
    modules=[DOM0, RAMDISK],
    expect=[BANNER]
    + command("xl help") + [
        echo("xl help"),
        r"^usage: xl COMMAND \[ARGS\]; 'xl help COMMAND' explains one$",
        r"^commands:$",
        r"^  help +list the xl commands, or explain one$",
        r"^  list +list the domains",
        r"^  create +create a domain",
        r"^  top +a view of the domains",
    ]
    + command("xl list --help") + [
        echo("xl list --help"),
        r"^usage: xl list \[-l\] \[DOM\.\.\.\]$",
        r"^  list the domains \(-l: in detail, as JSON\)$",
    ]
    + command("xl frobnicate") + [
        echo("xl frobnicate"),
        r"^xl: unknown command 'frobnicate' \(try 'xl help'\)$",
    ]
    + command("xl pause") + [
        echo("xl pause"),
        r"^xl: pause: missing operand$",
        r"^usage: xl pause DOM$",
    ]
    + command("xl create nosuch.cfg") + [
        echo("xl create nosuch.cfg"),
        r"^Parsing config from nosuch.cfg$",
        r"^xl: nosuch.cfg: no such file in the ramdisk$",
    ]
    + command("xl create hello.cfg memory=lots") + [
        echo("xl create hello.cfg memory=lots"),
        r"^Parsing config from hello.cfg$",
        r"^command line:1:8: memory: not a number$",
    ]
    + poweroff(),
    forbid=FORBID,
))

# The GRUB ISO boots the same dom0 with the same ramdisk, as Multiboot 2
# modules: the whole path from firmware to dom0's prompt, then poweroff.
TESTS.append(BootTest(
    name="dom0-iso",
    image="iso",
    xen=False,
    xen_reason="boots from a GRUB ISO made for Parasol",
    cmdline="loglvl=info",
    timeout=DOM0_TIMEOUT * 2,
    modules=[DOM0, RAMDISK],
    expect=[r"Loader: Multiboot 2", DOM0_MEMORY, BANNER,
            r"^dom0: ramdisk of \d+ bytes, \d+ entries$"]
    + command("ls") + [echo("ls"), r"^ +\d+  README$"]
    + poweroff(),
    forbid=FORBID,
))

# A first module that is not a PV kernel is refused with the reason, and
# the machine stops with the status that says dom0 did not run.
TESTS.append(BootTest(
    name="dom0-bad-kernel",
    image="kernel",
    cmdline="loglvl=info",
    timeout=DOM0_TIMEOUT,
    modules=[RAMDISK],
    expect=[r"^\(HV\) dom0: cannot build: not an ELF file$"],
    forbid=FORBID,
    exit="DOM0_DIED",
))

# Ctrl-A three times hands the console to the hypervisor's debug keys and
# back, as on Xen; dom0's shell then works as before.
CTRL_A_3 = "\x01\x01\x01"
TESTS.append(BootTest(
    name="debug-keys",
    image="kernel",
    xen=False,
    xen_reason="Parasol's own debug keys",
    cmdline="loglvl=info",
    timeout=DOM0_TIMEOUT,
    modules=[DOM0, RAMDISK],
    expect=[BANNER, PROMPT, Send(CTRL_A_3),
            r"\*\*\* console input to Parasol: 'h' lists the debug keys",
            Send("h"), r"debug keys \(Ctrl-A three times", r"'q'  dump domains",
            Send("q"), r"^\(HV\) domain 0: active, pause count 0, \d+ of \d+ "
            r"pages, privileged$",
            # The first two Ctrl-A reach dom0 and may wake it: blocked or
            # not, events pending or not, depends on when the key lands.
            r"^\(HV\)   vcpu 0: online(, blocked)?, upcall pending [01] "
            r"mask [01]$",
            r"^\(HV\)     kernel mode, rip 0x[0-9a-f]+",
            Send("r"), r"^\(HV\) cpu 0 runs (idle|d0v0), run queue",
            r"^\(HV\)   d0: weight 256 cap 0$",
            r"^\(HV\)     d0v0 credit -?\d+ pri (BOOST|UNDER|OVER) "
            r"(running|runnable|blocked)$",
            Send("t"), r"^\(HV\) time: \d+\.\d{3} s since boot",
            # dom0's shell has bound VIRQ_CONSOLE (2).
            Send("e"), r"^\(HV\) event channels:$",
            r"^\(HV\) d0: ports in use \d+, valid \d+, max port 4095$",
            r"^\(HV\)   port +\d+: virq +virq 2 vcpu 0 pending [01] "
            r"masked [01]$",
            Send("x"), r"no debug key 'x' \('h' lists them\)",
            Send(CTRL_A_3), r"\*\*\* console input to dom0$",
            # The prompt is already out: type at it again.
            Send("info\r"), echo("info"), r"^version: "]
    + poweroff(),
    forbid=FORBID + [r"unknown command"],
))
