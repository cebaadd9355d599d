"""Boot tests of many domains, driven from dom0's shell over the serial
line as an administrator would: `xl create` of the demo guests in dom0's
ramdisk (tools/dom0/ramdisk/), then `xl list`, `list -l`, pause,
unpause, shutdown, destroy, console, the credit scheduler's weights, a
crashing guest and its on_crash action, 200 domains made and destroyed,
and every kind of bad input.

The same sessions run on Xen 4.17 in the differential harness
(xen_check.py): dom0 and its toolstack are the same binary there. Where
Xen differs by design, the marker says so with On(...): Xen keeps no
domain's console text (Parasol's own call answers -ENOSYS there), and a
release Xen drops a domU's console_io writes, so on Xen a domain is
judged by `xl list` and by how it ends.

Nothing here waits a fixed time: a guest's progress shows as a marker
(a counter's ticks on its console, the toolstack's reaction to a
domain's end), and CPU shares are judged from `xl list`'s times once a
spinner has announced its own CPU time.

Joined into the table by tests.py; run with tests/boot/run.py.
"""

import re

from tests import BootTest, Check, On, Send
from tests_dom0 import (BANNER, DOM0, FORBID, RAMDISK, command, echo,
                        poweroff)

# A session types many commands; the bound only catches a hang.
XL_TIMEOUT = 120.0

LIST_HEADER = r"^Name +ID +Mem VCPUs\tState\tTime\(s\)$"


def row(name, state, domid=r"\d+", mem=r"\d+", vcpus=r"\d+",
        time=r"\d+\.\d"):
    """One line of `xl list`, xl's own format; each field a regex."""
    return r"^%s +%s +%s +%s +%s +%s$" % (re.escape(name), domid, mem,
                                          vcpus, state, time)


def session(name, expect, forbid=(), **options):
    """A dom0 session with the default ramdisk: the banner, then expect;
    FORBID and forbid must never appear. options are BootTest's."""
    return BootTest(name=name, image="kernel", cmdline="loglvl=info",
                    timeout=XL_TIMEOUT, modules=[DOM0, RAMDISK],
                    expect=[BANNER] + expect,
                    forbid=FORBID + list(forbid), **options)


def xl(line):
    """Type an xl command and expect its echo."""
    return command(line) + [echo(line)]


def created(cfg, overrides=""):
    """xl create of a config from the ramdisk, then the prompt."""
    line = "xl create %s%s" % (cfg, " " + overrides if overrides else "")
    return xl(line) + [r"^Parsing config from %s$" % re.escape(cfg)]


def reaction(name, what, action, result):
    """The toolstack's line when a domain stops (toolstack_policy.c)."""
    return r"^xl: '%s' \(domain (?P<%s>\d+)\) %s: %s$" % (
        re.escape(name), re.sub(r"\W", "_", name) + "_" + what.split()[0],
        what, re.escape("%s, %s" % (action, result)))


def json_state(state):
    """The state line of a domain in `xl list -l`."""
    return r'^ +"state": "%s",$' % state


TESTS = [
    # Three guests side by side: hello powers off at once and its
    # on_poweroff=destroy removes it; counter and spinner stay. Then
    # each state change shows in xl list and xl list -l.
    session(
        "xl-lifecycle",
        created("hello.cfg")
        + [reaction("hello", "powered off", "on_poweroff=destroy",
                    "destroying it")]
        + created("counter.cfg") + created("spinner.cfg")
        + xl("xl list") + [
            LIST_HEADER,
            row("Domain-0", r"r-----", domid="0", mem="64"),
            row("counter", r"[r-][b-]----", domid=r"(?P<counter>\d+)",
                mem="16", vcpus="1"),
            row("spinner", r"[r-]-----", domid=r"(?P<spinner>\d+)",
                mem="16", vcpus="1"),
        ]
        + xl("xl pause counter")
        + xl("xl list -l counter") + [
            r'^ +"domid": (?P=counter),$', r'^ +"name": "counter",$',
            json_state(r"-[b-]p---")]
        + xl("xl unpause counter")
        + xl("xl list -l counter") + [json_state(r"[r-][b-]----")]
        + xl("xl shutdown counter") + [
            r"^Shutting down domain (?P=counter)$",
            reaction("counter", "powered off", "on_poweroff=destroy",
                     "destroying it")]
        + xl("xl destroy spinner")
        + xl("xl list spinner") + [r"^xl: domain 'spinner' does not exist$"]
        + xl("xl list") + [LIST_HEADER, row("Domain-0", r"r-----", domid="0")]
        + xl("xl list counter") + [r"^xl: domain 'counter' does not exist$"]
        + poweroff(),
    ),
    # xl console shows a guest's output as it comes; Ctrl-] gives the
    # shell back. The counter ticks on, a spinner beside it: a guest that
    # never blocks cannot starve one that sleeps. Xen keeps no console
    # text for dom0 to read, and xl console says so there.
    session(
        "xl-console",
        created("spinner.cfg") + created("counter.cfg")
        + xl("xl console counter") + [
            On("parasol", r"^counter: tick 1$"),
            On("parasol", r"^counter: tick 2$"),
            On("parasol", r"^counter: tick 3$"),
            On("parasol", Send("\x1d")),
            On("xen", r"^xl: cannot read the console of domain \d+: not "
               r"available in this dom0 \(error -38\)$")]
        + xl("xl list counter") + [
            LIST_HEADER, row("counter", r"[r-][b-]----", mem="16")]
        + xl("xl destroy counter") + xl("xl destroy spinner")
        + poweroff(),
    ),
    # Two spinners, weights 512 and 256, share the CPU about 2:1: once
    # the light one says on its console that it has had 5 s of CPU, xl
    # list shows the heavy one with between 1.5 and 2.5 times as much.
    # dom0's shell keeps answering all along.
    session(
        "xl-weights",
        created("spinner.cfg", "name='heavy' cpu_weight=512")
        + created("spinner.cfg", "name='light' cpu_weight=256")
        + xl("xl sched-credit") + [
            r"^Name +ID Weight +Cap$",
            r"^Domain-0 +0 +256 +0$",
            r"^heavy +\d+ +512 +0$",
            r"^light +\d+ +256 +0$"]
        + xl("xl console light") + [r"^spinner: 5 s of CPU$", Send("\x1d")]
        + xl("xl list") + [
            LIST_HEADER,
            row("Domain-0", r"r-----", domid="0"),
            row("heavy", r"[r-]-----", time=r"(?P<heavy>\d+\.\d)"),
            row("light", r"[r-]-----", time=r"(?P<light>\d+\.\d)"),
            Check("heavy gets about twice the CPU of light",
                  lambda c: 1.5 <= float(c["heavy"]) / float(c["light"])
                  <= 2.5)]
        + xl("xl sched-credit -d light -w 512")
        + xl("xl sched-credit -d light") + [r"^light +\d+ +512 +0$"]
        + poweroff(),
        xen=False,
        xen_reason="waits for a spinner's console text, which Xen does "
                   "not keep",
    ),
    # A guest that faults with no handler is crashed by the hypervisor:
    # with on_crash=preserve xl list shows it shut down for a crash (s c);
    # with on_crash=restart the toolstack builds it again, under a new ID.
    session(
        "xl-crash",
        created("crasher.cfg")
        + [reaction("crasher", "crashed", "on_crash=preserve", "keeping it")]
        + xl("xl list crasher") + [
            LIST_HEADER, row("crasher", r"---sc-", domid="(?P=crasher_crashed)")]
        + xl("xl destroy crasher")
        + created("crasher.cfg", "on_crash='restart'")
        + [reaction("crasher", "crashed", "on_crash=restart", "restarting it"),
           r"^xl: 'crasher' restarted as domain (?P<again>\d+)$",
           Check("the restarted crasher has a new ID",
                 lambda c: c["again"] != c["crasher_crashed"])]
        + xl("xl destroy crasher")
        + xl("xl list crasher") + [r"^xl: domain 'crasher' does not exist$"]
        + poweroff(),
    ),
    # A domU's store, served by dom0 (tests/guests/domu_xenbus.c): the
    # guest checks its keys, a write read back, a directory, the refusals
    # (dom0's home, the counter's keys), a watch and a transaction, and
    # powers off only if all passed; then it puts a header with an
    # impossible length on its ring, and a second one is served as well.
    # On Xen 4.17 too: there the store is served by this same dom0 (no
    # xenstored runs), over Xen's event channels and foreign mappings.
    session(
        "xl-xenstore",
        created("counter.cfg")
        + created("xenbus.cfg")
        + [reaction("xenbus", "powered off", "on_poweroff=destroy",
                    "destroying it")]
        # The first one ended with garbage on its ring: the store still
        # serves the next.
        + created("xenbus.cfg")
        + [reaction("xenbus", "powered off", "on_poweroff=destroy",
                    "destroying it")]
        + xl("xl destroy counter")
        + xl("xl list") + [LIST_HEADER, row("Domain-0", r"r-----", domid="0")]
        + poweroff(),
        forbid=[r"'xenbus' \(domain \d+\) crashed"],
    ),
    # Bad input never hurts: each mistake is one error line, and the
    # free memory afterwards is what it was before.
    session(
        "xl-bad-input",
        xl("xl info") + [r"^free_memory +: (?P<free>\d+)$"]
        + xl("xl destroy 99") + [r"^xl: domain '99' does not exist$"]
        + xl("xl pause nosuchdomain")
        + [r"^xl: domain 'nosuchdomain' does not exist$"]
        + xl("xl destroy Domain-0")
        + [r"^xl: cannot destroy domain 0 \(Domain-0\): it runs this "
           r"toolstack$"]
        + xl("xl pause 0")
        + [r"^xl: cannot pause domain 0 \(Domain-0\): it runs this "
           r"toolstack$"]
        + xl("xl create hello.cfg memory=100000")
        + [r"^Parsing config from hello.cfg$",
           r"^xl: not enough free memory for 'hello': 100000 MiB asked, "
           r"\d+ MiB free$"]
        + xl("xl create hello.cfg kernel='README'")
        + [r"^Parsing config from hello.cfg$",
           r"^xl: cannot create 'hello': .*ELF"]
        + xl("xl create hello.cfg kernel=README")
        + [r"^Parsing config from hello.cfg$",
           r"^command line:1:8: kernel: expected a string in quotes$"]
        + xl("xl create hello.cfg vcpus=0")
        + [r"^Parsing config from hello.cfg$",
           r"^command line:1:7: vcpus: out of range \(1 to 128\)$"]
        + xl("xl create") + [r"^xl: create: missing operand$",
                             r"^usage: xl create "]
        + xl("xl create counter.cfg") + [r"^Parsing config from counter.cfg$"]
        + xl("xl create counter.cfg")
        + [r"^Parsing config from counter.cfg$",
           r"^xl: domain 'counter' already exists$"]
        + xl("xl destroy counter")
        + xl("xl sched-credit -d 0 -w 70000")
        + [r"^xl: weight: '70000' is not a number from 1 to 65535$"]
        + xl("xl list -q") + [r"^xl: list: unknown option '-q'$"]
        + xl("xl console 0")
        + [r"^xl: cannot attach to the console of domain 0 \(Domain-0\): it "
           r"runs this toolstack$"]
        + xl("xl info") + [r"^free_memory +: (?P=free)$"]
        + poweroff(),
    ),
]


def _many(count):
    """xl create of hello, count times: each powers off at once and the
    toolstack destroys it."""
    markers = []
    for _ in range(count):
        markers += created("hello.cfg") + [
            r"^xl: 'hello' \(domain \d+\) powered off: on_poweroff=destroy, "
            r"destroying it$"]
    return markers


# 200 domains made and destroyed one after another: the free memory the
# hypervisor reports afterwards is what it was before.
TESTS.append(session(
    "xl-many",
    xl("xl info") + [r"^free_memory +: (?P<free>\d+)$"]
    + _many(200)
    + xl("xl list") + [LIST_HEADER, row("Domain-0", r"r-----", domid="0")]
    + xl("xl info") + [r"^free_memory +: (?P=free)$"]
    + poweroff(),
))
