/*
 * xl and the toolstack over a fake backend (xl_fake.c): every command
 * with its exact output, xl's list format and JSON, every bad input
 * (one error line, a failed status, nothing left behind), the policy's
 * reactions to stopped domains, and the power-off teardown.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/errno.h>
#include <public/sched.h>

#include "cpio_writer.h"
#include "shell.h"
#include "toolstack.h"
#include "xl.h"
#include "xl_fake.h"

#define MIB_PAGES 256u
#define INPUT_CALLS_MAX 10000

static char out[65536];
static size_t out_len;
static int ctx_marker;
static uint8_t *ramdisk;
static size_t ramdisk_len;
static struct shell_env env;
static struct shell sh;
static struct toolstack ts;
static int poweroff_calls;

/* Scripted terminal input: one chunk a call, "" for a call that times
 * out; after the last (NULL), every call times out. */
static const char *const *input_script;
static unsigned input_next, input_calls;
static uint64_t hello_cpu_per_wait; /* CPU time domain 1 uses per wait */

static void fake_write(void *ctx, const char *buf, size_t len)
{
    assert_ptr_equal(ctx, &ctx_marker);
    assert_true(len < sizeof(out) - out_len);
    memcpy(out + out_len, buf, len);
    out_len += len;
    out[out_len] = '\0';
}

static void fake_get_info(void *ctx, struct shell_info *info)
{
    (void)ctx;
    *info = (struct shell_info){"Parasol 0.1.0", 64u << 20, 1};
}

/* Records the order: every domU must be gone by now. */
static int fake_poweroff(void *ctx)
{
    (void)ctx;
    for (unsigned id = 1; id < FAKE_DOMS; id++)
        assert_false(fake.doms[id].exists);
    poweroff_calls++;
    return 0;
}

static size_t fake_read_input(void *ctx, char *buf, size_t size,
                              uint64_t timeout_ns)
{
    const char *chunk;

    assert_ptr_equal(ctx, &ctx_marker);
    assert_true(++input_calls < INPUT_CALLS_MAX);
    chunk = input_script ? input_script[input_next] : NULL;
    if (chunk)
        input_next++;
    /* The clock moves as much as the caller was willing to wait. */
    if (!chunk || !*chunk) {
        fake.now_ns += timeout_ns;
        fake.doms[1].info.cpu_time_ns += hello_cpu_per_wait;
        return 0;
    }
    assert_true(strlen(chunk) <= size);
    memcpy(buf, chunk, strlen(chunk));
    return strlen(chunk);
}

static void build_ramdisk(struct cpio_writer *w)
{
    static const char elf[] = "\177ELF a guest image";

    cpio_writer_init(w);
    cpio_writer_file(w, "hello.cfg",
                     "name = \"hello\"\nkernel = \"hello.elf\"\nmemory = 16\n");
    cpio_writer_file(w, "crash.cfg",
                     "name = \"crasher\"\nkernel = \"hello.elf\"\n"
                     "memory = 8\non_crash = \"restart\"\n"
                     "uuid = \"00112233-4455-6677-8899-aabbccddeeff\"\n");
    cpio_writer_file(w, "keep.cfg",
                     "name = 'keeper'\nkernel = 'hello.elf'\nmemory = 8\n"
                     "on_crash = 'preserve'\non_poweroff = 'preserve'\n");
    cpio_writer_file(w, "odd.cfg",
                     "name = 'odd'\nkernel = 'hello.elf'\nmemory = 8\n"
                     "on_crash = 'coredump-destroy'\ncmdline = 'c'\n"
                     "root = '/dev/x'\n");
    cpio_writer_file(w, "sched.cfg",
                     "name = 'weighty'\nkernel = 'hello.elf'\nmemory = 8\n"
                     "cpu_weight = 512\ncap = 50\nvcpus = 2\n");
    cpio_writer_file(w, "bad.cfg", "name = \"x\"\nmemory = abc\n");
    cpio_writer_file(w, "noelf.cfg", "name='n'\nkernel='notelf.bin'\n");
    cpio_writer_file(w, "nokernel.cfg", "name='n'\nkernel='missing.elf'\n");
    cpio_writer_file(w, "big.cfg",
                     "name='big'\nkernel='hello.elf'\n"
                     "memory=300\n");
    cpio_writer_file(w, "dom0.cfg", "name='Domain-0'\nkernel='hello.elf'\n");
    cpio_writer_add(w, "dir", CPIO_W_MODE_DIR, NULL, 0);
    cpio_writer_file(w, "hello.elf", elf);
    cpio_writer_file(w, "notelf.bin", "garbage");
    cpio_writer_trailer(w);
}

static int setup(void **state)
{
    static struct cpio_writer w;

    (void)state;
    build_ramdisk(&w);
    ramdisk = cpio_writer_copy(&w, w.len);
    ramdisk_len = w.len;
    fake_reset();
    toolstack_init(&ts, &fake_backend, ramdisk, ramdisk_len);
    env = (struct shell_env){
        .write = fake_write,
        .get_info = fake_get_info,
        .poweroff = fake_poweroff,
        .read_input = fake_read_input,
        .ramdisk = ramdisk,
        .ramdisk_size = ramdisk_len,
        .toolstack = &ts,
        .ctx = &ctx_marker,
    };
    shell_init(&sh, &env);
    out_len = 0;
    out[0] = '\0';
    input_script = NULL;
    input_next = input_calls = 0;
    hello_cpu_per_wait = 0;
    poweroff_calls = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ramdisk);
    return 0;
}

/* Runs one command line; the output is in out. */
static enum shell_status run(const char *line)
{
    char buf[SHELL_LINE_MAX + 1];

    out_len = 0;
    out[0] = '\0';
    strcpy(buf, line);
    return shell_run(&sh, buf);
}

static void clear(void)
{
    out_len = 0;
    out[0] = '\0';
}

static void expect(const char *line, enum shell_status status,
                   const char *expected)
{
    enum shell_status got = run(line);

    if (strcmp(out, expected) != 0)
        fail_msg("'%s' printed:\n%s\nexpected:\n%s", line, out, expected);
    assert_int_equal(got, status);
}

#define OK(line, text) expect(line, SHELL_OK, text)
#define FAILS(line, text) expect(line, SHELL_FAILED, text)

/* Creates from a config and returns the new domain's ID. */
static domid_t create(const char *cfg)
{
    char line[SHELL_LINE_MAX];
    domid_t domid = fake.next_domid;

    snprintf(line, sizeof(line), "xl create %s", cfg);
    if (run(line) != SHELL_OK)
        fail_msg("%s: %s", line, out);
    assert_true(fake.doms[domid].exists);
    return domid;
}

static unsigned live_domus(void)
{
    unsigned n = 0;

    for (unsigned id = 1; id < FAKE_DOMS; id++)
        n += fake.doms[id].exists;
    return n;
}

static void test_help(void **state)
{
    (void)state;
    assert_int_equal(run("xl"), SHELL_FAILED);
    assert_non_null(strstr(out, "usage: xl COMMAND [ARGS]"));
    assert_int_equal(run("xl help"), SHELL_OK);
    OK("xl help pause",
       "usage: xl pause DOM\n  stop running a domain's vCPUs\n");
    OK("xl pause --help",
       "usage: xl pause DOM\n  stop running a domain's vCPUs\n");
    OK("xl list -h", "usage: xl list [-l] [DOM...]\n"
                     "  list the domains (-l: in detail, as JSON)\n");
    FAILS("xl help nosuch", "xl: unknown command 'nosuch' (try 'xl help')\n");
    FAILS("xl frobnicate",
          "xl: unknown command 'frobnicate' (try 'xl help')\n");
}

static void test_help_lists_every_command(void **state)
{
    (void)state;
    OK("xl help",
       "usage: xl COMMAND [ARGS]; 'xl help COMMAND' explains one\n"
       "commands:\n"
       "  help          list the xl commands, or explain one\n"
       "  list          list the domains (-l: in detail, as JSON)\n"
       "  domid         print the ID of a domain named NAME\n"
       "  domname       print the name of domain ID\n"
       "  uptime        show how long the domains have been up\n"
       "  create        create a domain from a config file of the ramdisk\n"
       "  destroy       end a domain at once\n"
       "  shutdown      ask a domain to shut down (-w: and wait until it "
       "has)\n"
       "  reboot        ask a domain to reboot (-w: and wait until it has)\n"
       "  pause         stop running a domain's vCPUs\n"
       "  unpause       run a paused domain again\n"
       "  info          show the machine and the hypervisor\n"
       "  dmesg         print the hypervisor's log\n"
       "  vcpu-list     list the vCPUs of the domains\n"
       "  sched-credit  show the credit scheduler's weights and caps, or set "
       "a domain's\n"
       "  console       show a domain's console as it comes (Ctrl-] "
       "returns)\n"
       "  top           a view of the domains' CPU and memory, refreshed each "
       "second (q quits)\n");
    /* Each one's usage, one 'xl help CMD' away. */
    OK("xl help create",
       "usage: xl create [-p] [-c] CFG [KEY=VALUE...]\n"
       "  create a domain from a config file of the ramdisk\n");
    OK("xl help sched-credit",
       "usage: xl sched-credit [-d DOM [-w WEIGHT] [-c CAP]]\n"
       "  show the credit scheduler's weights and caps, or set a domain's\n");
    /* The shell's own help lists xl. */
    assert_int_equal(run("help"), SHELL_OK);
    assert_non_null(strstr(out, "  xl COMMAND [ARGS]  manage domains"));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    FAILS("xl list -x", "xl: list: unknown option '-x'\n"
                        "usage: xl list [-l] [DOM...]\n");
    FAILS("xl pause", "xl: pause: missing operand\nusage: xl pause DOM\n");
    FAILS("xl pause a b", "xl: pause: too many operands\n"
                          "usage: xl pause DOM\n");
    FAILS("xl sched-credit -d",
          "xl: sched-credit: option '-d' needs a value\n"
          "usage: xl sched-credit [-d DOM [-w WEIGHT] [-c CAP]]\n");
    FAILS("xl info extra", "xl: info: too many operands\nusage: xl info\n");
    /* A command without options refuses any (found by fuzz_xl). */
    FAILS("xl unpause -w 1", "xl: unpause: unknown option '-w'\n"
                             "usage: xl unpause DOM\n");
    /* Options may come after the operands, as getopt allows. */
    create("hello.cfg");
    assert_int_equal(run("xl list hello -l"), SHELL_OK);
    assert_non_null(strstr(out, "\"name\": \"hello\""));
    /* "--" ends the options. */
    FAILS("xl pause -- -x", "xl: domain '-x' does not exist\n");
}

static void test_list_format(void **state)
{
    (void)state;
    create("hello.cfg");
    fake.doms[1].info.cpu_time_ns = 1250000000; /* rounds to 1.3 */
    fake.doms[1].info.outstanding_pages = 2 * MIB_PAGES;
    OK("xl list",
       "Name                                        ID   Mem VCPUs\tState\t"
       "Time(s)\n"
       "Domain-0                                     0    64     1     "
       "r-----      12.3\n"
       "hello                                        1    18     1     "
       "-b----       1.3\n");
    OK("xl list 1",
       "Name                                        ID   Mem VCPUs\tState\t"
       "Time(s)\n"
       "hello                                        1    18     1     "
       "-b----       1.3\n");
    FAILS("xl list nosuch", "xl: domain 'nosuch' does not exist\n");
}

static void test_list_states(void **state)
{
    struct xl_dominfo d = {0};
    char buf[XL_STATE_LEN + 1];

    (void)state;
    d.running = d.blocked = d.paused = d.shutdown = d.dying = true;
    for (unsigned reason = 0; reason <= SHUTDOWN_soft_reset + 1; reason++) {
        d.shutdown_reason = reason;
        xl_state(&d, buf);
        assert_int_equal(buf[4], "-rscwS?"[reason]);
    }
    d.shutdown_reason = SHUTDOWN_crash;
    xl_state(&d, buf);
    assert_string_equal(buf, "rbpscd");
    d = (struct xl_dominfo){.paused = true, .shutdown_reason = SHUTDOWN_crash};
    xl_state(&d, buf);
    assert_string_equal(buf, "--p---"); /* no reason unless shut down */
    /* A crashed domain, preserved, in the list. */
    create("keep.cfg");
    fake_stop(1, SHUTDOWN_crash);
    assert_int_equal(run("xl list keeper"), SHELL_OK);
    assert_non_null(strstr(out, "---sc-"));
}

static void test_seconds(void **state)
{
    char buf[16];

    (void)state;
    xl_seconds(0, 8, buf, sizeof(buf));
    assert_string_equal(buf, "     0.0");
    xl_seconds(49999999, 8, buf, sizeof(buf));
    assert_string_equal(buf, "     0.0");
    xl_seconds(50000000, 8, buf, sizeof(buf));
    assert_string_equal(buf, "     0.1");
    xl_seconds(123456789012ull, 8, buf, sizeof(buf));
    assert_string_equal(buf, "   123.5");
    xl_seconds(999999999999999ull, 8, buf, sizeof(buf));
    assert_string_equal(buf, "1000000.0");
}

static void test_list_json(void **state)
{
    (void)state;
    create("crash.cfg");
    OK("xl list -l crasher",
       "[\n"
       "    {\n"
       "        \"domid\": 1,\n"
       "        \"config\": {\n"
       "            \"c_info\": {\n"
       "                \"type\": \"pv\",\n"
       "                \"name\": \"crasher\",\n"
       "                \"uuid\": \"00112233-4455-6677-8899-aabbccddeeff\"\n"
       "            },\n"
       "            \"b_info\": {\n"
       "                \"max_vcpus\": 1,\n"
       "                \"avail_vcpus\": [\n"
       "                    0\n"
       "                ],\n"
       "                \"max_memkb\": 8192,\n"
       "                \"target_memkb\": 8192,\n"
       "                \"sched_params\": {\n"
       "                    \"weight\": 256,\n"
       "                    \"cap\": 0\n"
       "                },\n"
       "                \"type.pv\": {\n"
       "                    \"kernel\": \"hello.elf\",\n"
       "                    \"cmdline\": \"\"\n"
       "                }\n"
       "            },\n"
       "            \"on_poweroff\": \"destroy\",\n"
       "            \"on_reboot\": \"restart\",\n"
       "            \"on_watchdog\": \"destroy\",\n"
       "            \"on_crash\": \"restart\"\n"
       "        },\n"
       "        \"dominfo\": {\n"
       "            \"state\": \"-b----\",\n"
       "            \"running\": false,\n"
       "            \"blocked\": true,\n"
       "            \"paused\": false,\n"
       "            \"shutdown\": false,\n"
       "            \"dying\": false,\n"
       "            \"outstanding_memkb\": 0,\n"
       "            \"current_memkb\": 8192,\n"
       "            \"max_memkb\": 8192,\n"
       "            \"cpu_time\": 0,\n"
       "            \"vcpu_max_id\": 0,\n"
       "            \"vcpu_online\": 1\n"
       "        }\n"
       "    }\n"
       "]\n");
    /* A stopped domain names its reason; dom0 has what the hypervisor
     * says. */
    fake_stop(1, SHUTDOWN_crash);
    fake.exceptions = 0;
    assert_int_equal(run("xl list -l"), SHELL_OK);
    assert_non_null(strstr(out, "\"state\": \"---sc-\""));
    assert_non_null(strstr(out, "\"shutdown_reason\": \"crash\""));
    assert_non_null(strstr(out, "\"name\": \"Domain-0\""));
    assert_non_null(strstr(out, "\"max_memkb\": 65536"));
}

static void test_json_escapes(void **state)
{
    (void)state;
    assert_int_equal(run("xl create hello.cfg extra=\"a\\\"b\\\\c\\td\""),
                     SHELL_OK);
    assert_int_equal(run("xl list -l hello"), SHELL_OK);
    assert_non_null(strstr(out, "\"cmdline\": \"a\\\"b\\\\c\\u0009d\""));
}

static void test_create(void **state)
{
    (void)state;
    OK("xl create hello.cfg", "Parsing config from hello.cfg\n");
    assert_true(fake.doms[1].exists);
    assert_false(fake.doms[1].info.paused);
    assert_int_equal(fake.last_spec.memory_kib, 16384);
    assert_int_equal(fake.last_spec.maxmem_kib, 16384);
    assert_int_equal(fake.last_spec.vcpus, 1);
    assert_int_equal(fake.last_spec.max_vcpus, 1);
    assert_string_equal(fake.last_cmdline, "");
    assert_int_equal(fake.last_spec.image_size,
                     strlen("\177ELF a guest image"));
    /* A generated UUID: version 4, variant 10. */
    assert_int_equal(fake.last_spec.handle[6] >> 4, 4);
    assert_int_equal(fake.last_spec.handle[8] >> 6, 2);
    assert_non_null(toolstack_by_name(&ts, "hello"));
    assert_int_equal(fake.calls[FAKE_SCHED_SET], 0);
    /* -p leaves it paused; overrides replace keys. */
    OK("xl create -p hello.cfg name=\"two\" memory=4 vcpus=2",
       "Parsing config from hello.cfg\n");
    assert_true(fake.doms[2].info.paused);
    assert_int_equal(fake.last_spec.memory_kib, 4096);
    assert_int_equal(fake.last_spec.vcpus, 2);
    assert_int_equal(toolstack_by_name(&ts, "two")->domid, 2);
    /* Scheduler parameters go in before the domain runs. */
    OK("xl create sched.cfg", "Parsing config from sched.cfg\n");
    assert_int_equal(fake.doms[3].sched.weight, 512);
    assert_int_equal(fake.doms[3].sched.cap, 50);
}

static void test_create_warnings(void **state)
{
    (void)state;
    OK("xl create odd.cfg",
       "Parsing config from odd.cfg\n"
       "Warning: ignoring root= and extra= in favour of cmdline=\n"
       "Warning: on_crash=coredump-destroy is not supported: Parasol will "
       "destroy\n");
    assert_string_equal(fake.last_cmdline, "c");
}

static void test_create_errors(void **state)
{
    uint64_t free_before;

    (void)state;
    create("hello.cfg");
    free_before = fake.phys.free_pages;
    FAILS("xl create", "xl: create: missing operand\n"
                       "usage: xl create [-p] [-c] CFG [KEY=VALUE...]\n");
    FAILS("xl create nosuch.cfg", "Parsing config from nosuch.cfg\n"
                                  "xl: nosuch.cfg: no such file in the "
                                  "ramdisk\n");
    FAILS("xl create dir", "Parsing config from dir\n"
                           "xl: dir: no such file in the ramdisk\n");
    FAILS("xl create bad.cfg", "Parsing config from bad.cfg\n"
                               "bad.cfg:2:10: memory: not a number\n");
    FAILS("xl create hello.cfg colour=1",
          "Parsing config from hello.cfg\n"
          "command line:1:1: colour: unknown key\n");
    FAILS("xl create hello.cfg memory",
          "Parsing config from hello.cfg\n"
          "command line:1:7: expected '=' after memory\n");
    FAILS("xl create hello.cfg", "Parsing config from hello.cfg\n"
                                 "xl: domain 'hello' already exists\n");
    FAILS("xl create dom0.cfg", "Parsing config from dom0.cfg\n"
                                "xl: domain 'Domain-0' already exists\n");
    FAILS("xl create nokernel.cfg",
          "Parsing config from nokernel.cfg\n"
          "xl: kernel 'missing.elf': no such file in the ramdisk\n");
    FAILS("xl create noelf.cfg",
          "Parsing config from noelf.cfg\n"
          "xl: cannot create 'n': not an ELF image (error -22)\n");
    FAILS("xl create big.cfg",
          "Parsing config from big.cfg\n"
          "xl: not enough free memory for 'big': 300 MiB asked, 240 MiB "
          "free\n");
    fake.fail[FAKE_CREATE] = -XEN_ENOMEM;
    FAILS("xl create hello.cfg name='x'",
          "Parsing config from hello.cfg\n"
          "xl: cannot create 'x': out of memory (error -12)\n");
    fake.create_reason = "cannot populate 4096 pages";
    FAILS("xl create hello.cfg name='x'",
          "Parsing config from hello.cfg\n"
          "xl: cannot create 'x': cannot populate 4096 pages (error -12)\n");
    fake.fail[FAKE_CREATE] = 0;
    /* Failures after create leave no domain behind. */
    fake.fail[FAKE_SCHED_SET] = -XEN_EINVAL;
    FAILS("xl create sched.cfg",
          "Parsing config from sched.cfg\n"
          "xl: cannot set the scheduler parameters of weighty: invalid "
          "argument (error -22)\n");
    fake.fail[FAKE_SCHED_SET] = 0;
    fake.fail[FAKE_UNPAUSE] = -XEN_EINVAL;
    FAILS("xl create hello.cfg name='y'",
          "Parsing config from hello.cfg\n"
          "xl: cannot unpause y: invalid argument (error -22)\n");
    fake.fail[FAKE_UNPAUSE] = 0;
    /* A machine that cannot say what is free leaves it to create. */
    fake.fail[FAKE_PHYSINFO] = -XEN_ENOSYS;
    FAILS("xl create big.cfg",
          "Parsing config from big.cfg\n"
          "xl: cannot create 'big': out of memory (error -12)\n");
    fake.fail[FAKE_PHYSINFO] = 0;
    /* Memory is whole afterwards, and only hello is left. */
    assert_int_equal(fake.phys.free_pages, free_before);
    assert_int_equal(live_domus(), 1);
    assert_null(toolstack_by_name(&ts, "weighty"));
    assert_null(toolstack_by_name(&ts, "y"));
}

static void test_registry_full(void **state)
{
    char line[64];

    (void)state;
    fake.phys.free_pages = 1u << 30;
    for (unsigned i = 0; i < TOOLSTACK_DOMAINS_MAX; i++) {
        ts.doms[i].used = true;
        snprintf(ts.doms[i].cfg.name, sizeof(ts.doms[i].cfg.name), "d%u", i);
        ts.doms[i].domid = (domid_t)(1000 + i);
    }
    snprintf(line, sizeof(line), "xl create hello.cfg");
    FAILS(line, "Parsing config from hello.cfg\n"
                "xl: too many domains (at most 128)\n");
    assert_int_equal(fake.calls[FAKE_CREATE], 0);
}

static void test_destroy(void **state)
{
    uint64_t free_before = fake.phys.free_pages;

    (void)state;
    create("hello.cfg");
    OK("xl destroy hello", "");
    assert_false(fake.doms[1].exists);
    assert_null(toolstack_by_name(&ts, "hello"));
    assert_int_equal(fake.phys.free_pages, free_before);
    create("hello.cfg"); /* the name is free again */
    OK("xl destroy 2", "");
    FAILS("xl destroy 2", "xl: domain '2' does not exist\n");
    FAILS("xl destroy hello", "xl: domain 'hello' does not exist\n");
    FAILS("xl destroy 0", "xl: cannot destroy domain 0 (Domain-0): it runs "
                          "this toolstack\n");
    FAILS("xl destroy Domain-0", "xl: cannot destroy domain 0 (Domain-0): it "
                                 "runs this toolstack\n");
    FAILS("xl destroy 32752", "xl: domain '32752' does not exist\n");
    FAILS("xl destroy 99999999999", "xl: domain '99999999999' does not "
                                    "exist\n");
    /* A name whose domain went away behind xl's back is forgotten. */
    create("hello.cfg");
    fake.doms[3].exists = false;
    FAILS("xl pause hello", "xl: domain 'hello' does not exist\n");
    assert_null(toolstack_by_name(&ts, "hello"));
    create("hello.cfg");
    fake.fail[FAKE_DESTROY] = -XEN_EBUSY;
    FAILS("xl destroy hello", "xl: cannot destroy domain 4: busy (error "
                              "-16)\n");
    assert_non_null(toolstack_by_name(&ts, "hello"));
}

static void test_pause_unpause(void **state)
{
    (void)state;
    create("hello.cfg");
    OK("xl pause hello", "");
    assert_true(fake.doms[1].info.paused);
    assert_int_equal(run("xl list hello"), SHELL_OK);
    assert_non_null(strstr(out, "-bp---"));
    OK("xl unpause 1", "");
    assert_false(fake.doms[1].info.paused);
    FAILS("xl unpause hello", "xl: cannot unpause hello: invalid argument "
                              "(error -22)\n");
    FAILS("xl pause 0", "xl: cannot pause domain 0 (Domain-0): it runs this "
                        "toolstack\n");
    FAILS("xl unpause Domain-0", "xl: cannot unpause domain 0 (Domain-0): it "
                                 "runs this toolstack\n");
    FAILS("xl pause ghost", "xl: domain 'ghost' does not exist\n");
}

static void test_shutdown_reboot(void **state)
{
    (void)state;
    create("keep.cfg");
    OK("xl shutdown keeper", "Shutting down domain 1\n");
    assert_int_equal(fake.last_shutdown_reason, SHUTDOWN_poweroff);
    create("hello.cfg");
    OK("xl reboot hello", "Rebooting domain 2\n");
    assert_int_equal(fake.last_shutdown_reason, SHUTDOWN_reboot);
    FAILS("xl shutdown 0", "xl: cannot shut down domain 0 (Domain-0): it runs "
                           "this toolstack\n");
    FAILS("xl reboot Domain-0", "xl: cannot reboot domain 0 (Domain-0): it "
                                "runs this toolstack\n");
    FAILS("xl shutdown nobody", "xl: domain 'nobody' does not exist\n");
    fake.fail[FAKE_SHUTDOWN] = -XEN_EPERM;
    FAILS("xl shutdown hello", "Shutting down domain 2\n"
                               "xl: cannot shut down hello: not permitted "
                               "(error -1)\n");
}

static void test_shutdown_wait(void **state)
{
    (void)state;
    create("hello.cfg");
    OK("xl shutdown -w hello",
       "Shutting down domain 1\nWaiting for 1 domains\n"
       "xl: 'hello' (domain 1) powered off: on_poweroff=destroy, destroying "
       "it\n"
       "Domain 1 has been destroyed.\n");
    assert_false(fake.doms[1].exists);
    /* preserve keeps it shut down: the wait ends there. */
    create("keep.cfg");
    OK("xl shutdown -w keeper",
       "Shutting down domain 2\nWaiting for 1 domains\n"
       "xl: 'keeper' (domain 2) powered off: on_poweroff=preserve, keeping "
       "it\n"
       "Domain 2 has been shut down, reason code 0\n");
    /* A domain that does not stop: the wait is bounded. */
    create("hello.cfg");
    fake.doms[3].ignores_shutdown = true;
    FAILS("xl shutdown -w hello", "Shutting down domain 3\n"
                                  "Waiting for 1 domains\n"
                                  "xl: domain 3 did not stop within 60 s\n");
    assert_true(fake.now_ns >= TOOLSTACK_SHUTDOWN_WAIT_NS);
}

static void test_reboot_restarts(void **state)
{
    (void)state;
    create("hello.cfg");
    OK("xl reboot -w hello",
       "Rebooting domain 1\nWaiting for 1 domains\n"
       "xl: 'hello' (domain 1) rebooted: on_reboot=restart, restarting it\n"
       "xl: 'hello' restarted as domain 2\n"
       "Domain 1 has been destroyed.\n");
    assert_true(fake.doms[2].exists);
    assert_int_equal(toolstack_by_name(&ts, "hello")->domid, 2);
}

static void test_policy(void **state)
{
    uint8_t uuid[16];

    (void)state;
    create("crash.cfg"); /* 1: on_crash=restart */
    create("keep.cfg");  /* 2: on_crash=preserve */
    create("hello.cfg"); /* 3: on_crash=destroy (default) */
    create("odd.cfg");   /* 4: coredump-destroy, done as destroy */
    memcpy(uuid, fake.doms[1].info.handle, sizeof(uuid));
    /* Nothing pending: poll does nothing. */
    assert_int_equal(toolstack_poll(&ts, &sh), 0);
    for (domid_t id = 1; id <= 4; id++)
        fake_stop(id, SHUTDOWN_crash);
    clear();
    assert_int_equal(toolstack_poll(&ts, &sh), 4);
    assert_string_equal(
        out, "xl: 'crasher' (domain 1) crashed: on_crash=restart, restarting "
             "it\n"
             "xl: 'crasher' restarted as domain 5\n"
             "xl: 'keeper' (domain 2) crashed: on_crash=preserve, keeping it\n"
             "xl: 'hello' (domain 3) crashed: on_crash=destroy, destroying "
             "it\n"
             "xl: 'odd' (domain 4) crashed: on_crash=coredump-destroy, "
             "destroying it (the rest is not supported)\n");
    /* The restart has the same name, config and UUID, and runs. */
    assert_true(fake.doms[5].exists);
    assert_false(fake.doms[5].info.paused);
    assert_memory_equal(fake.doms[5].info.handle, uuid, sizeof(uuid));
    assert_int_equal(toolstack_by_name(&ts, "crasher")->domid, 5);
    assert_false(fake.doms[1].exists);
    assert_true(fake.doms[2].exists);
    assert_false(fake.doms[3].exists);
    assert_false(fake.doms[4].exists);
    /* A preserved domain is not acted on again. */
    fake.exceptions = 1;
    clear();
    assert_int_equal(toolstack_poll(&ts, &sh), 0);
    assert_string_equal(out, "");
    /* Suspend is left alone; a domain gone behind xl's back is
     * forgotten. */
    fake_stop(5, SHUTDOWN_suspend);
    assert_int_equal(toolstack_react(&ts, &sh), 0);
    fake.doms[5].exists = false;
    assert_int_equal(toolstack_react(&ts, &sh), 0);
    assert_null(toolstack_by_name(&ts, "crasher"));
}

static void test_policy_events(void **state)
{
    (void)state;
    create("hello.cfg");
    fake_stop(1, SHUTDOWN_watchdog);
    clear();
    assert_int_equal(toolstack_react(&ts, &sh), 1);
    assert_string_equal(out, "xl: 'hello' (domain 1) was stopped by its "
                             "watchdog: on_watchdog=destroy, destroying it\n");
    create("hello.cfg");
    fake_stop(2, SHUTDOWN_soft_reset);
    clear();
    assert_int_equal(toolstack_react(&ts, &sh), 1);
    assert_string_equal(out, "xl: 'hello' (domain 2) asked for a soft reset, "
                             "which is not supported: on_crash=destroy, "
                             "destroying it\n");
    /* A restart that cannot build again says why, and leaves nothing. */
    create("crash.cfg");
    fake.fail[FAKE_CREATE] = -XEN_ENOMEM;
    fake_stop(3, SHUTDOWN_crash);
    clear();
    assert_int_equal(toolstack_react(&ts, &sh), 1);
    assert_non_null(strstr(out, "xl: cannot create 'crasher': out of memory"));
    assert_int_equal(live_domus(), 0);
    /* The policy reads the list; without it, it does nothing. */
    fake.fail[FAKE_LIST] = -XEN_ENOSYS;
    assert_int_equal(toolstack_react(&ts, &sh), 0);
}

static void test_poweroff(void **state)
{
    (void)state;
    create("hello.cfg");
    create("keep.cfg"); /* on_poweroff=preserve: still destroyed */
    create("crash.cfg");
    fake.doms[3].ignores_shutdown = true;
    OK("poweroff", "dom0: powering off\n"
                   "xl: shutting down 'hello' (domain 1)\n"
                   "xl: shutting down 'keeper' (domain 2)\n"
                   "xl: shutting down 'crasher' (domain 3)\n"
                   "xl: 'crasher' (domain 3) did not shut down within 10 s: "
                   "destroying it\n");
    assert_int_equal(poweroff_calls, 1);
    assert_int_equal(live_domus(), 0);
    assert_null(toolstack_by_name(&ts, "hello"));
    assert_int_equal(fake.phys.free_pages, 256 * MIB_PAGES);
    /* Nothing to end: straight to the machine. */
    OK("poweroff", "dom0: powering off\n");
    assert_int_equal(poweroff_calls, 2);
    /* Domains that cannot be listed: the machine goes down anyway. */
    fake.fail[FAKE_LIST] = -XEN_ENOSYS;
    assert_int_equal(toolstack_poweroff(&ts, &sh), -1);
}

static void test_console(void **state)
{
    static const char *const typed[] = {"ab", "", "c\035ignored", NULL};

    (void)state;
    create("hello.cfg");
    strcpy(fake.doms[1].console, "Hello from the guest\n");
    fake.doms[1].console_len = strlen(fake.doms[1].console);
    input_script = typed;
    OK("xl console hello", "Hello from the guest\n\n");
    assert_int_equal(fake.doms[1].input_len, 3);
    assert_memory_equal(fake.doms[1].input, "abc", 3);
    /* The domain going away ends it too. */
    input_next = 0;
    input_script = NULL;
    fake.fail[FAKE_CONSOLE] = -XEN_ESRCH;
    OK("xl console hello", "\nxl: domain 1 is gone\n");
    fake.fail[FAKE_CONSOLE] = -XEN_ENOSYS;
    FAILS("xl console hello", "xl: cannot read the console of domain 1: not "
                              "available in this dom0 (error -38)\n");
    fake.fail[FAKE_CONSOLE] = 0;
    FAILS("xl console 0", "xl: cannot attach to the console of domain 0 "
                          "(Domain-0): it runs this toolstack\n");
    FAILS("xl console", "xl: console: missing operand\n"
                        "usage: xl console DOM\n");
    env.read_input = NULL;
    FAILS("xl console hello", "xl: console: no interactive terminal here\n");
    FAILS("xl top", "xl: top: no interactive terminal here\n");
}

static void test_create_console(void **state)
{
    static const char *const typed[] = {"\035", NULL};

    (void)state;
    input_script = typed;
    OK("xl create -c hello.cfg", "Parsing config from hello.cfg\n\n");
    assert_true(fake.doms[1].exists);
}

static void test_info(void **state)
{
    (void)state;
    OK("xl info", "host                   : dom0\n"
                  "release                : " PARASOL_VERSION "\n"
                  "machine                : x86_64\n"
                  "nr_cpus                : 2\n"
                  "max_cpu_id             : 1\n"
                  "nr_nodes               : 1\n"
                  "cores_per_socket       : 2\n"
                  "threads_per_core       : 1\n"
                  "cpu_mhz                : 2592.000\n"
                  "virt_caps              : pv\n"
                  "total_memory           : 512\n"
                  "free_memory            : 256\n"
                  "xen_major              : 4\n"
                  "xen_minor              : 17\n"
                  "xen_extra              : -parasol\n"
                  "xen_version            : 4.17-parasol\n"
                  "xen_caps               : xen-3.0-x86_64\n"
                  "xen_scheduler          : credit\n"
                  "xen_pagesize           : 4096\n"
                  "xen_changeset          : \n"
                  "xen_commandline        : loglvl=info\n");
    fake.fail[FAKE_VERSION] = -XEN_ENOSYS;
    FAILS("xl info", "xl: cannot read the hypervisor's version: not available "
                     "in this dom0 (error -38)\n");
    fake.fail[FAKE_PHYSINFO] = -XEN_EPERM;
    FAILS("xl info", "xl: cannot read the physical info: not permitted (error "
                     "-1)\n");
}

static void test_dmesg(void **state)
{
    (void)state;
    memset(fake.hv_log, 'x', 600);
    strcpy(fake.hv_log + 600, "\n(HV) last line\n");
    assert_int_equal(run("xl dmesg"), SHELL_OK);
    assert_string_equal(out, fake.hv_log);
    fake.fail[FAKE_HV_LOG] = -XEN_ENOSYS;
    FAILS("xl dmesg", "xl: cannot read the hypervisor's log: not available in "
                      "this dom0 (error -38)\n");
}

static void test_uptime_domid_domname(void **state)
{
    (void)state;
    fake.now_ns = 90061000000000ull; /* 1 day, 1:01:01 */
    create("hello.cfg");
    fake.now_ns += 3723000000000ull; /* 1:02:03 later */
    OK("xl uptime", "Name                                ID Uptime\n"
                    "Domain-0                             0 1 day,  2:03:04\n"
                    "hello                                1  1:02:03\n");
    fake.now_ns += 2 * 86400000000000ull;
    OK("xl uptime hello", "Name                                ID Uptime\n"
                          "hello                                1 2 days,  "
                          "1:02:03\n");
    OK("xl domid hello", "1\n");
    OK("xl domid Domain-0", "0\n");
    FAILS("xl domid nobody", "xl: cannot get the domid of 'nobody': no such "
                             "domain\n");
    OK("xl domname 1", "hello\n");
    OK("xl domname 0", "Domain-0\n");
    FAILS("xl domname 7", "xl: cannot get the name of domain 7: no such "
                          "domain\n");
    FAILS("xl domname x1", "xl: domname: 'x1' is not a number from 0 to "
                           "32751\n");
    /* A domain xl did not make has no name. */
    fake.doms[9].exists = true;
    fake.doms[9].info.domid = 9;
    FAILS("xl domname 9", "xl: cannot get the name of domain 9: no such "
                          "domain\n");
    assert_int_equal(run("xl list 9"), SHELL_OK);
    assert_non_null(strstr(out, "\n(null)   "));
}

static void test_vcpu_list(void **state)
{
    (void)state;
    create("sched.cfg"); /* 2 vCPUs */
    fake.doms[1].vcpus[0] = (struct xl_vcpuinfo){
        .online = true, .running = true, .cpu = 1, .cpu_time_ns = 2500000000};
    fake.doms[1].vcpus[1] =
        (struct xl_vcpuinfo){.online = true, .blocked = true};
    OK("xl vcpu-list weighty",
       "Name                                ID  VCPU   CPU State   Time(s) "
       "Affinity (Hard / Soft)\n"
       "weighty                              1     0    1   r--       2.5  "
       "all / all\n"
       "weighty                              1     1    0   -b-       0.0  "
       "all / all\n");
    fake.doms[1].vcpus[1].online = false;
    assert_int_equal(run("xl vcpu-list"), SHELL_OK);
    assert_non_null(strstr(out, "\nDomain-0                             0     "
                                "0    0   r--      12.3  all / all\n"));
    assert_non_null(strstr(out, "    1    -   --p       0.0  all / all\n"));
    fake.fail[FAKE_VCPU_INFO] = -XEN_ESRCH;
    assert_int_equal(run("xl vcpu-list"), SHELL_FAILED);
    assert_non_null(strstr(out, "xl: cannot read the vCPUs of Domain-0: no "
                                "such domain (error -3)\n"));
}

static void test_sched_credit(void **state)
{
    (void)state;
    create("hello.cfg");
    OK("xl sched-credit", "Name                                ID Weight  Cap\n"
                          "Domain-0                             0    256    "
                          "0\n"
                          "hello                                1    256    "
                          "0\n");
    OK("xl sched-credit -d hello -w 512", "");
    assert_int_equal(fake.doms[1].sched.weight, 512);
    assert_int_equal(fake.doms[1].sched.cap, 0);
    OK("xl sched-credit -d 1 -c 25", "");
    assert_int_equal(fake.doms[1].sched.weight, 512);
    assert_int_equal(fake.doms[1].sched.cap, 25);
    OK("xl sched-credit -d hello",
       "Name                                ID Weight  Cap\n"
       "hello                                1    512   25\n");
    OK("xl sched-credit -d 0 -w 1024", "");
    assert_int_equal(fake.doms[0].sched.weight, 1024);
    FAILS("xl sched-credit -w 5", "xl: sched-credit: -w and -c need -d DOM\n");
    FAILS("xl sched-credit -d hello -w 0",
          "xl: weight: '0' is not a number from 1 to 65535\n");
    FAILS("xl sched-credit -d hello -w 65536",
          "xl: weight: '65536' is not a number from 1 to 65535\n");
    FAILS("xl sched-credit -d hello -c -1",
          "xl: cap: '-1' is not a number from 0 to 65534\n");
    FAILS("xl sched-credit -d hello -c 99999999999999999999999",
          "xl: cap: '99999999999999999999999' is not a number from 0 to "
          "65534\n");
    FAILS("xl sched-credit -d nobody", "xl: domain 'nobody' does not exist\n");
    fake.fail[FAKE_SCHED_SET] = -XEN_EINVAL;
    FAILS("xl sched-credit -d hello -c 5",
          "xl: cannot set the credit parameters of hello: invalid argument "
          "(error -22)\n");
    fake.fail[FAKE_SCHED_GET] = -XEN_ENOSYS;
    FAILS("xl sched-credit", "xl: cannot read the credit parameters of "
                             "Domain-0: not available in this dom0 (error "
                             "-38)\n");
    FAILS("xl sched-credit -d hello", "xl: cannot read the credit parameters "
                                      "of hello: not available in this dom0 "
                                      "(error -38)\n");
    FAILS("xl sched-credit -d hello -w 300",
          "xl: cannot read the credit parameters of hello: not available in "
          "this dom0 (error -38)\n");
}

static void test_top(void **state)
{
    static const char *const typed[] = {"", "x", "q", NULL};

    (void)state;
    create("hello.cfg");
    fake.doms[1].info.cpu_time_ns = 0;
    input_script = typed;
    assert_int_equal(run("xl top"), SHELL_OK);
    /* Three screens, each from the top of the terminal. */
    assert_non_null(strstr(out, "\033[H\033[2J2 domains: 1 running, 1 blocked, "
                                "0 paused, 0 shutdown, 0 crashed, 0 dying\n"
                                "Mem: 524288k total, 278528k used, 245760k "
                                "free    CPUs: 2 @ 2592MHz\n"
                                "      NAME  STATE   CPU(sec) CPU(%)     "
                                "MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS\n"
                                "  Domain-0 r-----         12    0.0      "
                                "65536   12.5      65536      12.5     1\n"
                                "     hello -b----          0    0.0      "
                                "16384    3.1      16384       3.1     1\n"
                                "(q quits)\n"));
    assert_int_equal(input_next, 3);
    /* The CPU share is the time used since the screen before. */
    input_next = 0;
    input_script = (const char *const[]){"q", NULL};
    fake.doms[1].info.cpu_time_ns = 500000000; /* half of the 1 s period */
    fake.now_ns += 1000000000;
    assert_int_equal(run("xl top"), SHELL_OK);
    assert_non_null(strstr(out, "     hello -b----          0    0.0"));
    fake.fail[FAKE_LIST] = -XEN_ENOSYS;
    FAILS("xl top", "xl: cannot list the domains: not available in this dom0 "
                    "(error -38)\n");
}

static void test_top_share(void **state)
{
    static const char *const typed[] = {"", "q", NULL};

    (void)state;
    create("hello.cfg");
    fake.doms[1].info.cpu_time_ns = 0;
    /* During the one-second wait between the screens, hello runs for a
     * quarter of it. */
    hello_cpu_per_wait = 250000000;
    input_script = typed;
    assert_int_equal(run("xl top"), SHELL_OK);
    assert_non_null(strstr(out, "     hello -b----          0    0.0"));
    assert_non_null(strstr(out, "     hello -b----          0   25.0"));
}

static void test_no_backend(void **state)
{
    (void)state;
    env.toolstack = NULL;
    FAILS("xl list", "xl: no toolstack in this dom0\n");
    assert_int_equal(run("xl help"), SHELL_OK);
    /* Power-off without a toolstack goes straight to the machine. */
    OK("poweroff", "dom0: powering off\n");
    env.toolstack = &ts;
    fake.fail[FAKE_LIST] = -XEN_ENOSYS;
    FAILS("xl list", "xl: cannot list the domains: not available in this "
                     "dom0 (error -38)\n");
    FAILS("xl destroy 3", "xl: cannot look up domain '3': not available in "
                          "this dom0 (error -38)\n");
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(xl_strerror(-XEN_ESRCH), "no such domain");
    assert_string_equal(xl_strerror(-XEN_ENOMEM), "out of memory");
    assert_string_equal(xl_strerror(-999), "error");
    assert_string_equal(xl_strerror(0), "error");
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_help),
        TEST(test_help_lists_every_command),
        TEST(test_bad_arguments),
        TEST(test_list_format),
        TEST(test_list_states),
        TEST(test_seconds),
        TEST(test_list_json),
        TEST(test_json_escapes),
        TEST(test_create),
        TEST(test_create_warnings),
        TEST(test_create_errors),
        TEST(test_registry_full),
        TEST(test_destroy),
        TEST(test_pause_unpause),
        TEST(test_shutdown_reboot),
        TEST(test_shutdown_wait),
        TEST(test_reboot_restarts),
        TEST(test_policy),
        TEST(test_policy_events),
        TEST(test_poweroff),
        TEST(test_console),
        TEST(test_create_console),
        TEST(test_info),
        TEST(test_dmesg),
        TEST(test_uptime_domid_domname),
        TEST(test_vcpu_list),
        TEST(test_sched_credit),
        TEST(test_top),
        TEST(test_top_share),
        TEST(test_no_backend),
        TEST(test_strerror),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
