/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A network simulator for the unit tests: hosts (each a struct
 * inet_stack with a loopback and Ethernet interfaces) on Ethernet
 * segments (hubs) with delay, jitter, loss and a bit rate, all driven by
 * one simulated clock and a seeded generator, so every run is the same.
 *
 * sim_run(sim, t) advances the clock to t: it delivers frames whose
 * time has come (copied into the receiving host's packet pool, as a NIC
 * would), runs the hosts' due timers, and after each step moves what
 * the hosts queued on their interfaces onto the wire.
 */
#ifndef TEST_NETSIM_H
#define TEST_NETSIM_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/net/inet.h"
#include "kernel/net/pkt.h"
#include "kernel/net/random.h"
#include "kernel/net/sock.h"

#define SIM_MAX_IF	4
#define SIM_MAX_PORTS	16
#define SIM_MAX_HOSTS	16
#define MS		1000000ULL
#define SEC		1000000000ULL

struct sim;
struct sim_seg;

struct sim_host {
	char name[16];
	struct sim *sim;
	struct pkt_pool pool;
	struct inet_stack stack;
	struct net_if lo;
	struct net_if eth[SIM_MAX_IF];
	struct sim_seg *seg[SIM_MAX_IF];
	uint64_t busy_until[SIM_MAX_IF];	/* the port's transmitter */
	int nif;
	bool capture;			/* keep copies of frames seen (tap) */
	struct pkt_queue captured;
	unsigned int notifies[128];	/* rtnetlink events by type */
};

struct sim_seg {
	struct sim *sim;
	struct { struct sim_host *h; int idx; } port[SIM_MAX_PORTS];
	int nports;
	uint64_t delay;			/* one-way, ns */
	uint64_t jitter;		/* extra uniform [0, jitter) ns: reorders */
	uint32_t loss_ppm;		/* frames lost per million */
	uint64_t bps;			/* bit rate; 0: infinite */
	bool down;			/* unplugged: frames vanish */
	uint64_t frames, lost;
	/* optional hook: may change or drop (return false) a frame */
	bool (*mangle)(struct sim_seg *seg, struct sim_host *from, struct pkt *p, void *arg);
	void *mangle_arg;
};

struct sim_event {
	uint64_t at;
	struct sim_host *h;
	int idx;
	struct pkt *p;
	struct sim_event *next;
};

struct sim {
	uint64_t now;
	struct net_rng rng;
	struct sim_host *hosts[SIM_MAX_HOSTS];
	int nhosts;
	struct sim_event *events;	/* sorted by time, FIFO among equals */
	struct sim_seg *segs[16];
	int nsegs;
	uint64_t seq;
};

void sim_init(struct sim *s, uint64_t seed);
void sim_destroy(struct sim *s);
/* sim_host_new: a host with lo (127.0.0.1/8, up) and a memory limit for its pool. */
struct sim_host *sim_host_new(struct sim *s, const char *name, size_t pool_limit);
/* sim_seg_new: an empty segment. */
struct sim_seg *sim_seg_new(struct sim *s, uint64_t delay);
/* sim_attach gives h a new interface ethN on seg (MAC 02:00:00:00:<host>:<N>), up. */
struct net_if *sim_attach(struct sim_host *h, struct sim_seg *seg);
/* sim_addr adds a.b.c.d/len to ifp (host-order addr). */
void sim_addr(struct net_if *ifp, uint32_t addr, int prefixlen);
/* sim_route adds a route (gw 0: on-link via ifp). */
int sim_route(struct sim_host *h, uint32_t dst, int len, uint32_t gw, struct net_if *ifp,
	      uint32_t metric);
/* sim_run advances to t; sim_step runs for d more. */
void sim_run(struct sim *s, uint64_t t);
void sim_step(struct sim *s, uint64_t d);
/* sim_flush moves queued frames onto the wire (done by sim_run after each step). */
void sim_flush(struct sim *s);
/* sim_inject puts a raw frame on h's interface idx as if received now. */
void sim_inject(struct sim_host *h, int idx, const void *frame, unsigned int len);
/* sim_captured_count counts captured frames matching ethertype (0: any) and dir. */
unsigned int sim_captured_count(struct sim_host *h, uint16_t ethertype);
void sim_capture_clear(struct sim_host *h);
/* sim_dump_tcp prints the TCP segments h captured (debugging aid). */
void sim_dump_tcp(struct sim_host *h);

/* A net_src over a plain buffer. */
struct sim_buf_src {
	struct net_src src;
	const uint8_t *buf;
};
void sim_src(struct sim_buf_src *b, const void *buf, size_t len);

#define IP4(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

#endif
