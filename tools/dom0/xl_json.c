/*
 * A small JSON writer, enough for `xl list -l`: objects and arrays
 * nested to a fixed depth, members written as they come (no tree in
 * memory), strings escaped as JSON requires. The layout is yajl's
 * "beautify" mode, which xl uses.
 */
#include "xl_json.h"

#include "xl.h"

#include <lib/string.h>
#include <public/sched.h>

#define JSON_DEPTH_MAX 8
#define JSON_INDENT "    "
#define CONTROL_LAST 0x1f

struct json {
    struct shell *sh;
    unsigned depth;
    bool has_items[JSON_DEPTH_MAX]; /* a comma goes before the next one */
};

static void json_newline(struct json *js)
{
    shell_puts(js->sh, "\n");
    for (unsigned i = 0; i < js->depth; i++)
        shell_puts(js->sh, JSON_INDENT);
}

static void json_string(struct json *js, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    shell_puts(js->sh, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            shell_write(js->sh, esc, 2);
        } else if (c <= CONTROL_LAST) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            shell_write(js->sh, esc, sizeof(esc));
        } else {
            shell_write(js->sh, (const char *)&c, 1);
        }
    }
    shell_puts(js->sh, "\"");
}

/* Starts a member of the open object (key) or an element (key NULL). */
static void json_item(struct json *js, const char *key)
{
    if (js->depth && js->has_items[js->depth - 1])
        shell_puts(js->sh, ",");
    if (js->depth) {
        js->has_items[js->depth - 1] = true;
        json_newline(js);
    }
    if (key) {
        json_string(js, key);
        shell_puts(js->sh, ": ");
    }
}

static void json_open(struct json *js, const char *key, char bracket)
{
    json_item(js, key);
    shell_write(js->sh, &bracket, 1);
    /* The callers nest to a fixed depth, well inside the bound. */
    js->has_items[js->depth++] = false;
}

static void json_close(struct json *js, char bracket)
{
    js->depth--;
    json_newline(js);
    shell_write(js->sh, &bracket, 1);
}

static void json_uint(struct json *js, const char *key, uint64_t value)
{
    json_item(js, key);
    shell_put_dec(js->sh, value, 0, ' ');
}

static void json_str(struct json *js, const char *key, const char *value)
{
    json_item(js, key);
    json_string(js, value);
}

static void json_bool(struct json *js, const char *key, bool value)
{
    json_item(js, key);
    shell_puts(js->sh, value ? "true" : "false");
}

/* libxl's names for the actions, as its JSON spells them. */
static const char *libxl_action(enum xlcfg_action action)
{
    static const char *const names[XLCFG_ACTION_COUNT] = {
        [XLCFG_ACTION_DESTROY] = "destroy",
        [XLCFG_ACTION_RESTART] = "restart",
        [XLCFG_ACTION_RENAME_RESTART] = "restart_rename",
        [XLCFG_ACTION_PRESERVE] = "preserve",
        [XLCFG_ACTION_COREDUMP_DESTROY] = "coredump_destroy",
        [XLCFG_ACTION_COREDUMP_RESTART] = "coredump_restart",
        [XLCFG_ACTION_SOFT_RESET] = "soft_reset",
    };

    return names[action];
}

static const char *libxl_reason(unsigned reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < sizeof(names) / sizeof(names[0]) ? names[reason]
                                                     : "unknown";
}

static void c_info(struct json *js, const char *name,
                   const xen_domain_handle_t uuid)
{
    char text[XLCFG_UUID_TEXT];

    xlcfg_uuid_format(uuid, text);
    json_open(js, "c_info", '{');
    json_str(js, "type", "pv");
    json_str(js, "name", name);
    json_str(js, "uuid", text);
    json_close(js, '}');
}

static void b_info(struct json *js, const struct xlcfg *cfg)
{
    json_open(js, "b_info", '{');
    json_uint(js, "max_vcpus", cfg->maxvcpus);
    json_open(js, "avail_vcpus", '[');
    for (unsigned v = 0; v < cfg->vcpus; v++)
        json_uint(js, NULL, v);
    json_close(js, ']');
    json_uint(js, "max_memkb", cfg->maxmem_mib * XL_KIB_PER_MIB);
    json_uint(js, "target_memkb", cfg->memory_mib * XL_KIB_PER_MIB);
    json_open(js, "sched_params", '{');
    json_uint(js, "weight", cfg->cpu_weight);
    json_uint(js, "cap", cfg->cap);
    json_close(js, '}');
    json_open(js, "type.pv", '{');
    json_str(js, "kernel", cfg->kernel);
    json_str(js, "cmdline", cfg->cmdline);
    json_close(js, '}');
    json_close(js, '}');
}

/* What xl created: the config it keeps, actions included. */
static void config_registered(struct json *js, const struct xlcfg *cfg)
{
    c_info(js, cfg->name, cfg->uuid);
    b_info(js, cfg);
    for (unsigned e = 0; e < XLCFG_EVENT_COUNT; e++)
        json_str(js, xlcfg_event_key(e), libxl_action(cfg->on[e]));
}

/* dom0, or a domain xl did not create: what the hypervisor says. */
static void config_other(struct json *js, struct toolstack *ts,
                         const struct xl_dominfo *d)
{
    c_info(js, xl_name(ts, d->domid), d->handle);
    json_open(js, "b_info", '{');
    json_uint(js, "max_vcpus", d->max_vcpu_id + 1);
    json_uint(js, "max_memkb", d->max_pages * XL_KIB_PER_PAGE);
    json_uint(js, "target_memkb", d->tot_pages * XL_KIB_PER_PAGE);
    json_close(js, '}');
}

static void dominfo(struct json *js, const struct xl_dominfo *d)
{
    char state[XL_STATE_LEN + 1];

    xl_state(d, state);
    json_open(js, "dominfo", '{');
    json_str(js, "state", state);
    json_bool(js, "running", d->running);
    json_bool(js, "blocked", d->blocked);
    json_bool(js, "paused", d->paused);
    json_bool(js, "shutdown", d->shutdown);
    json_bool(js, "dying", d->dying);
    if (d->shutdown)
        json_str(js, "shutdown_reason", libxl_reason(d->shutdown_reason));
    json_uint(js, "outstanding_memkb", d->outstanding_pages * XL_KIB_PER_PAGE);
    json_uint(js, "current_memkb", d->tot_pages * XL_KIB_PER_PAGE);
    json_uint(js, "max_memkb", d->max_pages * XL_KIB_PER_PAGE);
    json_uint(js, "cpu_time", d->cpu_time_ns);
    json_uint(js, "vcpu_max_id", d->max_vcpu_id);
    json_uint(js, "vcpu_online", d->online_vcpus);
    json_close(js, '}');
}

void xl_json_domains(struct shell *sh, struct toolstack *ts,
                     const struct xl_dominfo *doms, int count)
{
    struct json js = {.sh = sh};

    json_open(&js, NULL, '[');
    for (int i = 0; i < count; i++) {
        struct toolstack_domain *d = toolstack_by_domid(ts, doms[i].domid);

        json_open(&js, NULL, '{');
        json_uint(&js, "domid", doms[i].domid);
        json_open(&js, "config", '{');
        if (d)
            config_registered(&js, &d->cfg);
        else
            config_other(&js, ts, &doms[i]);
        json_close(&js, '}');
        dominfo(&js, &doms[i]);
        json_close(&js, '}');
    }
    json_close(&js, ']');
    shell_puts(sh, "\n");
}
