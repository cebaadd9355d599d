/*
 * pingpong: two domains bounce an event back and forth through an
 * interdomain event channel and print the round-trip rate; also the
 * event round-trip benchmark.
 *
 * The protocol (the toolstack sets it up; start_info.cmd_line says
 * which side a domain is):
 *
 *   server: "pingpong port=P"
 *       P is an unbound port of the server, allocated by dom0 with
 *       EVTCHNOP_alloc_unbound {dom = server, remote_dom = client}
 *       before either domain runs. The server waits for an event on P
 *       and answers each one with a send on P. Since the command line
 *       is written when the domain is built, before the port exists,
 *       a toolstack builds both domains paused with P = 1 (a fresh
 *       domain's first port, on Xen 4.17 as on Parasol), allocates the
 *       port, checks it got 1, then unpauses the server and the client
 *       (tests/guests/pingpong_domains.c does exactly this, on both).
 *   client: "pingpong peer=D port=P"
 *       binds a port of its own to (D, P) with EVTCHNOP_bind_interdomain
 *       (D is the server's domain ID), then sends, waits for the answer,
 *       counts a round trip and sends again; once a second it prints
 *       "pingpong: N round trips/s".
 *   both in one domain: "pingpong loopback"
 *       the domain offers a port to itself, binds a second port to it,
 *       and plays both sides on its one vCPU: the same calls, no
 *       second domain (a boot test proves the logic this way, on
 *       Parasol and on Xen).
 *
 * Any side also takes "rounds=N": stop after N round trips (the client
 * and loopback print the rate over them first) and power off, so a run
 * ends with a shutdown that shows on Xen too, where a domU's console
 * output is dropped. A client whose bind fails says why and crashes.
 *
 * Events stay masked (the upcall mask and the ports' own masks): each
 * side waits with SCHEDOP_poll on its port and reads the pending bit
 * itself, the cheapest round trip a PV guest can make.
 */
#include "demo_args.h"

#include <parasol/guest.h>

/* Wait until port is pending, or until system time deadline (0: no
 * deadline). Clears it and returns true, or false at the deadline. */
static bool wait_port(evtchn_port_t port, uint64_t deadline)
{
    evtchn_port_t ports[1] = {port};
    struct sched_poll op = {.nr_ports = 1, .timeout = deadline};

    set_xen_guest_handle(op.ports, ports);
    while (!evtchn_is_pending(port)) {
        if (deadline && time_now_ns() >= deadline)
            return false;
        HYPERVISOR_sched_op(SCHEDOP_poll, &op);
    }
    evtchn_clear(port);
    return true;
}

/* The server's side: answer each event on port, rounds times. */
static int serve(evtchn_port_t port, uint64_t rounds)
{
    printf("pingpong: server on port %u\n", port);
    evtchn_mask(port);
    for (uint64_t n = 0; n < rounds; n++) {
        wait_port(port, 0);
        evtchn_send(port);
    }
    return 0;
}

/* Round trips in ns, as a rate per second. */
static uint64_t per_second(uint64_t count, uint64_t ns)
{
    return ns ? count * NSEC_PER_SEC / ns : 0;
}

/*
 * One round trip from the client's port: send, then wait for the
 * answer until deadline. In loopback, 'echo' is the server's port of
 * the same domain, answered here in between.
 */
static bool round_trip(evtchn_port_t port, evtchn_port_t echo,
                       uint64_t deadline)
{
    evtchn_send(port);
    if (echo && wait_port(echo, deadline))
        evtchn_send(echo);
    return wait_port(port, deadline);
}

/* The client's side: round trips on port (echo: see round_trip). */
static int ping(evtchn_port_t port, evtchn_port_t echo, uint64_t rounds)
{
    uint64_t start = time_now_ns(), second = start + NSEC_PER_SEC, done = 0;
    uint64_t in_second = 0;

    evtchn_mask(port);
    evtchn_clear(port); /* binding made it pending once */
    while (done < rounds) {
        if (round_trip(port, echo, second)) {
            done++;
            in_second++;
            continue;
        }
        printf("pingpong: %lu round trips/s\n", (unsigned long)in_second);
        in_second = 0;
        second += NSEC_PER_SEC;
    }
    printf("pingpong: %lu round trips in %lu us: %lu round trips/s\n",
           (unsigned long)done,
           (unsigned long)((time_now_ns() - start) / NSEC_PER_USEC),
           (unsigned long)per_second(done, time_now_ns() - start));
    return 0;
}

static int client(domid_t peer, evtchn_port_t port, uint64_t rounds)
{
    int local = evtchn_bind_interdomain(peer, port);

    if (local < 0) {
        printf("pingpong: cannot bind to d%u port %u: %d\n", peer, port, local);
        return 1;
    }
    printf("pingpong: client, port %d linked to d%u port %u\n", local, peer,
           port);
    return ping((evtchn_port_t)local, 0, rounds);
}

static int loopback(uint64_t rounds)
{
    int server = evtchn_alloc_unbound(DOMID_SELF);
    int local =
        server < 0 ? server
                   : evtchn_bind_interdomain(DOMID_SELF, (evtchn_port_t)server);

    if (local < 0) {
        printf("pingpong: cannot make a loopback channel: %d\n", local);
        return 1;
    }
    printf("pingpong: loopback, port %d linked to port %d\n", local, server);
    evtchn_mask((evtchn_port_t)server);
    return ping((evtchn_port_t)local, (evtchn_port_t)server, rounds);
}

int main(void)
{
    const char *cmdline = guest_cmdline();
    uint64_t rounds = UINT64_MAX, port, peer;

    events_disable();
    demo_arg_u64(cmdline, "rounds", &rounds);
    if (demo_has_word(cmdline, "loopback"))
        return loopback(rounds);
    if (!demo_arg_u64(cmdline, "port", &port) || port > UINT32_MAX) {
        printf("pingpong: usage: pingpong port=P | pingpong peer=D port=P "
               "| pingpong loopback [rounds=N]\n");
        return 1;
    }
    if (!demo_arg_u64(cmdline, "peer", &peer))
        return serve((evtchn_port_t)port, rounds);
    if (peer >= DOMID_FIRST_RESERVED) {
        printf("pingpong: peer=%lu is not a domain\n", (unsigned long)peer);
        return 1;
    }
    return client((domid_t)peer, (evtchn_port_t)port, rounds);
}
