/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the classic BPF checker and interpreter (kernel/net/core/
 * bpf.c), against two references on this host:
 *
 *   libpcap: filter programs as tcpdump makes them (fixtures captured
 *   with `tcpdump -dd`, and expressions compiled at run time with
 *   pcap_compile), each accepted by our checker and run on crafted
 *   frames; the verdicts must equal libpcap's own interpreter's
 *   (pcap_offline_filter).
 *
 *   the Linux kernel: hand-written programs, valid and invalid, given to
 *   SO_ATTACH_FILTER on a UDP socket: our checker must accept and reject
 *   exactly what Linux does; and attached to a UDP socket on 127.0.0.1,
 *   the bytes Linux lets through must equal what our interpreter keeps
 *   (ancillary loads, loads behind the UDP header, division by zero,
 *   shifts, return values that truncate the datagram).
 *
 * Host sockets are test-side only (the library never calls the host).
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
/* libpcap's spelling of these two differs in form only: take ours. */
#undef BPF_STMT
#undef BPF_JUMP
#include "kernel/net/bpf.h"
#include "kernel/net/checksum.h"
#include "kernel/net/pkt.h"

/* Our headers and the host's both define these; use the host's sizes. */
static struct pkt_pool pool;

static void
wbe16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
wbe32(uint8_t *p, uint32_t v)
{
	wbe16(p, v >> 16);
	wbe16(p + 2, v & 0xffff);
}

/* ---- crafted Ethernet frames ---- */

struct frame {
	const char *what;
	uint8_t b[1600];
	unsigned int len;
};

static struct frame frames[32];
static int nframes;

static uint8_t *
eth(struct frame *f, const uint8_t *dst, unsigned int type)
{
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 1 };

	memcpy(f->b, dst, 6);
	memcpy(f->b + 6, src, 6);
	wbe16(f->b + 12, type);
	f->len = 14;
	return f->b + 14;
}

static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 2 }, mac_bc[6] = { 255, 255, 255, 255, 255, 255 };

/* An IPv4 header at h; returns the transport header. */
static uint8_t *
ip4(struct frame *f, uint8_t *h, uint32_t s, uint32_t d, int proto, unsigned int payload,
    unsigned int frag, int ihl)
{
	memset(h, 0, (size_t)ihl * 4);
	h[0] = (uint8_t)(0x40 | ihl);
	wbe16(h + 2, (unsigned int)ihl * 4 + payload);
	wbe16(h + 4, 0x1234);
	wbe16(h + 6, frag);
	h[8] = 64;
	h[9] = (uint8_t)proto;
	wbe32(h + 12, s);
	wbe32(h + 16, d);
	if (ihl > 5)
		h[20] = 1;	/* NOPs */
	*(uint16_t *)(h + 10) = ip_fast_csum(h, (unsigned int)ihl);
	f->len = (unsigned int)(h - f->b) + (unsigned int)ihl * 4 + payload;
	return h + ihl * 4;
}

static struct frame *
newf(const char *what)
{
	struct frame *f = &frames[nframes++];

	memset(f, 0, sizeof(*f));
	f->what = what;
	return f;
}

#define A4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static void
make_frames(void)
{
	struct frame *f;
	uint8_t *h, *t;

	nframes = 0;
	f = newf("arp request");
	h = eth(f, mac_bc, 0x0806);
	wbe16(h, 1);
	wbe16(h + 2, 0x0800);
	h[4] = 6;
	h[5] = 4;
	wbe16(h + 6, 1);
	f->len = 42;

	f = newf("icmp echo");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 1), A4(192, 168, 1, 2), 1, 64, 0, 5);
	t[0] = 8;

	f = newf("icmp echo from 10/8");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(10, 5, 5, 5), A4(192, 168, 1, 2), 1, 64, 0, 5);
	t[0] = 8;

	f = newf("udp dns query");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(8, 8, 8, 8), 17, 40, 0, 5);
	wbe16(t, 5000);
	wbe16(t + 2, 53);
	wbe16(t + 4, 40);

	f = newf("udp from port 53 in 10/8");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(10, 1, 1, 1), A4(10, 2, 2, 2), 17, 40, 0, 5);
	wbe16(t, 53);
	wbe16(t + 2, 9999);

	f = newf("tcp syn :80");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(10, 0, 0, 2), 6, 40, 0x4000, 5);
	wbe16(t, 40000);
	wbe16(t + 2, 80);
	t[12] = 0xa0;
	t[13] = 0x02;

	f = newf("tcp ack :80");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(10, 0, 0, 2), 6, 20, 0x4000, 5);
	wbe16(t, 40000);
	wbe16(t + 2, 80);
	t[12] = 0x50;
	t[13] = 0x10;

	f = newf("tcp syn :81");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(10, 0, 0, 2), 6, 40, 0, 5);
	wbe16(t + 2, 81);
	t[13] = 0x02;

	f = newf("tcp syn :80 with ip options");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(10, 0, 0, 2), 6, 20, 0, 6);
	wbe16(t, 1234);
	wbe16(t + 2, 80);
	t[13] = 0x02;

	f = newf("udp fragment");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(192, 168, 1, 5), A4(10, 0, 0, 2), 17, 100, 185, 5);
	wbe16(t + 2, 53);

	f = newf("ipv6 udp :53");
	h = eth(f, mac_b, 0x86dd);
	h[0] = 0x60;
	wbe16(h + 4, 16);
	h[6] = 17;
	h[7] = 64;
	wbe16(h + 40, 4444);
	wbe16(h + 42, 53);
	f->len = 14 + 40 + 16;

	f = newf("truncated ip claiming tcp");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(1, 1, 1, 1), A4(2, 2, 2, 2), 6, 20, 0, 5);
	f->len = 14 + 20;

	f = newf("broadcast udp");
	t = ip4(f, eth(f, mac_bc, 0x0800), A4(10, 0, 0, 1), A4(10, 0, 0, 255), 17, 30, 0, 5);
	wbe16(t + 2, 67);

	f = newf("802.3 llc");
	h = eth(f, mac_b, 46);
	h[0] = 0x42;
	h[1] = 0x42;
	f->len = 60;

	f = newf("vlan icmp");
	h = eth(f, mac_b, 0x8100);
	wbe16(h, 5);
	wbe16(h + 2, 0x0800);
	f->len = 18;
	t = ip4(f, h + 4, A4(192, 168, 1, 1), A4(192, 168, 1, 2), 1, 20, 0, 5);
	t[0] = 8;

	f = newf("multicast udp");
	t = ip4(f, eth(f, (const uint8_t *)"\x01\x00\x5e\x00\x00\xfb", 0x0800), A4(10, 0, 0, 1),
		A4(224, 0, 0, 251), 17, 50, 0, 5);
	wbe16(t + 2, 5353);

	f = newf("short");
	eth(f, mac_b, 0x0800);
	f->len = 10;

	f = newf("full size udp");
	t = ip4(f, eth(f, mac_b, 0x0800), A4(10, 0, 0, 1), A4(10, 0, 0, 2), 17, 1480, 0, 5);
	wbe16(t + 2, 2000);

	f = newf("gre");
	ip4(f, eth(f, mac_b, 0x0800), A4(10, 0, 0, 1), A4(10, 0, 0, 2), 47, 24, 0, 5);
}

static struct pkt *
frame_pkt(const struct frame *f)
{
	struct pkt *p = pkt_alloc(&pool, 64, f->len);

	pkt_put_data(p, f->b, f->len);
	pkt_set_mac_header(p);
	p->net_off = p->mac_off + 14;
	return p;
}

/* Our verdict and libpcap's for every frame. */
static void
compare_with_pcap(const struct bpf_program *prog, const char *what)
{
	struct sk_filter *sf;
	int err;

	sf = sk_filter_create((const struct sock_filter *)prog->bf_insns, prog->bf_len, &err);
	if (!sf)
		ck_abort_msg("our checker rejects libpcap's program for \"%s\" (%d)", what, err);
	for (int i = 0; i < nframes; i++) {
		struct pcap_pkthdr ph = { .caplen = frames[i].len, .len = frames[i].len };
		struct pkt *p = frame_pkt(&frames[i]);
		uint32_t ours = bpf_run(sf, p, NULL);
		int theirs = pcap_offline_filter(prog, &ph, frames[i].b);

		if (ours != (uint32_t)theirs)
			ck_abort_msg("\"%s\" on %s: ours %u, libpcap %d", what, frames[i].what,
				     ours, theirs);
		pkt_free(p);
	}
	sk_filter_free(sf);
}

/* Programs captured from `tcpdump -y EN10MB -i lo -dd EXPR` (tcpdump 4.99.3, libpcap 1.10.3). */
static const struct sock_filter dd_icmp[] = {
	{ 0x28, 0, 0, 0x0000000c }, { 0x15, 0, 3, 0x00000800 }, { 0x30, 0, 0, 0x00000017 },
	{ 0x15, 0, 1, 0x00000001 }, { 0x6, 0, 0, 0x00040000 }, { 0x6, 0, 0, 0x00000000 },
};
static const struct sock_filter dd_arp_or_icmp[] = {
	{ 0x28, 0, 0, 0x0000000c }, { 0x15, 3, 0, 0x00000806 }, { 0x15, 0, 3, 0x00000800 },
	{ 0x30, 0, 0, 0x00000017 }, { 0x15, 0, 1, 0x00000001 }, { 0x6, 0, 0, 0x00040000 },
	{ 0x6, 0, 0, 0x00000000 },
};
static const struct sock_filter dd_syn80[] = {
	{ 0x28, 0, 0, 0x0000000c }, { 0x15, 11, 0, 0x000086dd }, { 0x15, 0, 10, 0x00000800 },
	{ 0x30, 0, 0, 0x00000017 }, { 0x15, 0, 8, 0x00000006 }, { 0x28, 0, 0, 0x00000014 },
	{ 0x45, 6, 0, 0x00001fff }, { 0xb1, 0, 0, 0x0000000e }, { 0x48, 0, 0, 0x00000010 },
	{ 0x15, 0, 3, 0x00000050 }, { 0x50, 0, 0, 0x0000001b }, { 0x45, 0, 1, 0x00000002 },
	{ 0x6, 0, 0, 0x00040000 }, { 0x6, 0, 0, 0x00000000 },
};
static const struct sock_filter dd_dns[] = {
	{ 0x28, 0, 0, 0x0000000c }, { 0x15, 0, 6, 0x000086dd }, { 0x30, 0, 0, 0x00000014 },
	{ 0x15, 0, 18, 0x00000011 }, { 0x28, 0, 0, 0x00000036 }, { 0x15, 15, 0, 0x00000035 },
	{ 0x28, 0, 0, 0x00000038 }, { 0x15, 13, 14, 0x00000035 }, { 0x15, 0, 13, 0x00000800 },
	{ 0x30, 0, 0, 0x00000017 }, { 0x15, 0, 11, 0x00000011 }, { 0x28, 0, 0, 0x00000014 },
	{ 0x45, 9, 0, 0x00001fff }, { 0xb1, 0, 0, 0x0000000e }, { 0x48, 0, 0, 0x0000000e },
	{ 0x15, 2, 0, 0x00000035 }, { 0x48, 0, 0, 0x00000010 }, { 0x15, 0, 4, 0x00000035 },
	{ 0x20, 0, 0, 0x0000001a }, { 0x54, 0, 0, 0xff000000 }, { 0x15, 1, 0, 0x0a000000 },
	{ 0x6, 0, 0, 0x00040000 }, { 0x6, 0, 0, 0x00000000 },
};
static const struct sock_filter dd_frag[] = {
	{ 0x28, 0, 0, 0x0000000c }, { 0x15, 0, 3, 0x00000800 }, { 0x28, 0, 0, 0x00000014 },
	{ 0x45, 0, 1, 0x00001fff }, { 0x6, 0, 0, 0x00040000 }, { 0x6, 0, 0, 0x00000000 },
};

static const struct {
	const char *expr;
	const struct sock_filter *insns;
	unsigned int len;
	const char *match;	/* the frames it must accept, by index letter */
} dd[] = {
	{ "icmp", dd_icmp, 6, "bc" },
	{ "arp or icmp", dd_arp_or_icmp, 7, "abc" },
	{ "tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0", dd_syn80, 14, "fi" },
	{ "udp port 53 and not src net 10.0.0.0/8", dd_dns, 23, "dk" },
	{ "ip[6:2] & 0x1fff != 0", dd_frag, 6, "j" },
};

START_TEST(tcpdump_dd_fixtures)
{
	make_frames();
	for (unsigned int i = 0; i < sizeof(dd) / sizeof(dd[0]); i++) {
		struct bpf_program prog = { .bf_len = dd[i].len,
					    .bf_insns = (struct bpf_insn *)dd[i].insns };
		struct sk_filter *sf;
		int err;

		ck_assert_int_eq(bpf_check_classic((const struct sock_filter *)dd[i].insns,
						   dd[i].len), 0);
		compare_with_pcap(&prog, dd[i].expr);
		/* And the frames each must match, known by hand. */
		sf = sk_filter_create((const struct sock_filter *)dd[i].insns, dd[i].len, &err);
		for (int j = 0; j < nframes; j++) {
			struct pkt *p = frame_pkt(&frames[j]);
			bool want = strchr(dd[i].match, 'a' + j) != NULL;

			if ((bpf_run(sf, p, NULL) != 0) != want)
				ck_abort_msg("%s on %s: expected %d", dd[i].expr, frames[j].what,
					     want);
			pkt_free(p);
		}
		sk_filter_free(sf);
	}
}
END_TEST

static const char *exprs[] = {
	"icmp", "arp", "ip", "ip6", "udp", "tcp", "port 53", "udp port 53", "tcp dst port 80",
	"host 192.168.1.5", "src host 10.0.0.1 and dst net 10.0.0.0/24", "ether broadcast",
	"ether multicast", "ether host 02:00:00:00:00:01", "ip[8] < 5",
	"icmp[icmptype] == icmp-echo", "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
	"ip[6:2] & 0x1fff != 0", "udp and greater 100", "less 64", "not arp", "arp or icmp",
	"net 192.168.0.0/16 and not port 22", "portrange 1000-2000", "vlan", "vlan and icmp",
	"ip multicast", "ip broadcast", "icmp or (udp and dst port 67)", "len >= 100",
	"ip proto 47", "ip[0] & 0xf > 5", "tcp[13] = 2", "udp[8:4] = 0",
	"ether[0] & 1 = 0 and ip[16] >= 224", "src net 10.0.0.0/8 or dst port 2000",
	"tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420", "ip and ip[2:2] > 1000",
	"not ip and not arp", "llc", "udp dst portrange 5000-6000 or icmp[0] = 8",
};

START_TEST(libpcap_expressions)
{
	pcap_t *pd = pcap_open_dead(DLT_EN10MB, 262144);

	make_frames();
	for (unsigned int i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		struct bpf_program prog;

		if (pcap_compile(pd, &prog, exprs[i], 1, 0xffffff00) < 0)
			ck_abort_msg("pcap_compile \"%s\": %s", exprs[i], pcap_geterr(pd));
		compare_with_pcap(&prog, exprs[i]);
		pcap_freecode(&prog);
	}
	pcap_close(pd);
}
END_TEST

/* ---- the host kernel as the reference ---- */

#define I(c, jt, jf, k) { (uint16_t)(c), (uint8_t)(jt), (uint8_t)(jf), (uint32_t)(k) }

struct prog {
	const char *what;
	struct sock_filter insns[8];
	unsigned int len;
};

static const struct prog checker_cases[] = {
	{ "ret 1", { I(BPF_RET | BPF_K, 0, 0, 1) }, 1 },
	{ "empty", { I(0, 0, 0, 0) }, 0 },
	{ "no ret at end", { I(BPF_LD | BPF_IMM, 0, 0, 1) }, 1 },
	{ "ret x (not allowed)", { I(BPF_RET | BPF_X, 0, 0, 0) }, 1 },
	{ "unknown opcode", { I(0xffff, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "unknown alu op", { I(BPF_ALU | 0xb0 | BPF_K, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "div by constant 0", { I(BPF_ALU | BPF_DIV | BPF_K, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "mod by constant 0", { I(BPF_ALU | BPF_MOD | BPF_K, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "div by x", { I(BPF_ALU | BPF_DIV | BPF_X, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "lsh 32", { I(BPF_ALU | BPF_LSH | BPF_K, 0, 0, 32), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "rsh 31", { I(BPF_ALU | BPF_RSH | BPF_K, 0, 0, 31), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "st m[16]", { I(BPF_ST, 0, 0, 16), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "st m[15] ld m[15]", { I(BPF_ST, 0, 0, 15), I(BPF_LD | BPF_MEM, 0, 0, 15), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ld m[0] never stored", { I(BPF_LD | BPF_MEM, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ldx m[3] stored on one path only",
	  { I(BPF_LD | BPF_LEN, 0, 0, 0), I(BPF_JMP | BPF_JGT | BPF_K, 0, 1, 10), I(BPF_ST, 0, 0, 3),
	    I(BPF_LDX | BPF_MEM, 0, 0, 3), I(BPF_RET | BPF_K, 0, 0, 1) }, 5 },
	{ "stored on both paths",
	  { I(BPF_LD | BPF_LEN, 0, 0, 0), I(BPF_JMP | BPF_JGT | BPF_K, 0, 2, 10), I(BPF_ST, 0, 0, 3),
	    I(BPF_JMP | BPF_JA, 0, 0, 1), I(BPF_STX, 0, 0, 3), I(BPF_LDX | BPF_MEM, 0, 0, 3),
	    I(BPF_RET | BPF_K, 0, 0, 1) }, 7 },
	{ "ja past the end", { I(BPF_JMP | BPF_JA, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "ja to the last", { I(BPF_JMP | BPF_JA, 0, 0, 1), I(BPF_LD | BPF_IMM, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 1) }, 3 },
	{ "ja huge (a loop by wrap)", { I(BPF_JMP | BPF_JA, 0, 0, 0xffffffff), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "jeq jt out of range", { I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "jeq jf out of range", { I(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), I(BPF_RET | BPF_K, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 2) }, 3 },
	{ "jset in range", { I(BPF_JMP | BPF_JSET | BPF_X, 0, 1, 0), I(BPF_RET | BPF_K, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 2) }, 3 },
	{ "ancillary protocol", { I(BPF_LD | BPF_H | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_PROTOCOL), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ancillary vlan tpid", { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_VLAN_TPID), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ancillary past the last", { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_MAX), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ancillary misaligned", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, SKF_AD_OFF + 2), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ancillary by ind (plain load)", { I(BPF_LD | BPF_W | BPF_IND, 0, 0, SKF_AD_OFF + 2), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "net offset load", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, SKF_NET_OFF + 9), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ll offset load", { I(BPF_LD | BPF_H | BPF_ABS, 0, 0, SKF_LL_OFF + 12), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ldx msh", { I(BPF_LDX | BPF_B | BPF_MSH, 0, 0, 0), I(BPF_TXA | BPF_MISC, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ldx w abs (no such opcode)", { I(BPF_LDX | BPF_W | BPF_ABS, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
	{ "neg", { I(BPF_ALU | BPF_NEG, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "neg with x bit", { I(BPF_ALU | BPF_NEG | BPF_X, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "misc with stray bits", { I(BPF_MISC | BPF_TAX | 0x08, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 1) }, 2 },
};

static int
host_check(const struct sock_filter *insns, unsigned int len)
{
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = (uint64_t)(uintptr_t)insns };
	int s = socket(AF_INET, SOCK_DGRAM, 0), r;

	if (s < 0)
		return 1;	/* cannot tell */
	r = setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) ? -errno : 0;
	close(s);
	return r;
}

START_TEST(checker_matches_linux)
{
	static struct sock_filter big[BPF_MAXINSNS + 1];
	int hr;

	if (host_check(checker_cases[0].insns, 1) == 1) {
		fprintf(stderr, "skip: no host sockets to compare the checker with\n");
		return;
	}
	for (unsigned int i = 0; i < sizeof(checker_cases) / sizeof(checker_cases[0]); i++) {
		const struct prog *c = &checker_cases[i];
		int ours = bpf_check_classic((const struct sock_filter *)c->insns, c->len);

		hr = host_check(c->insns, c->len);
		if (ours != hr)
			ck_abort_msg("\"%s\": ours %d, Linux %d", c->what, ours, hr);
	}
	/* BPF_MAXINSNS is allowed, one more is not. */
	for (unsigned int i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)I(BPF_RET | BPF_K, 0, 0, 1);
	ck_assert_int_eq(bpf_check_classic((struct sock_filter *)big, BPF_MAXINSNS),
			 host_check(big, BPF_MAXINSNS));
	ck_assert_int_eq(bpf_check_classic((struct sock_filter *)big, BPF_MAXINSNS + 1),
			 host_check(big, BPF_MAXINSNS + 1));
	ck_assert_int_eq(host_check(big, BPF_MAXINSNS + 1), -EINVAL);
}
END_TEST

/* Programs whose verdict Linux shows by how much of a datagram arrives. */
static const struct prog verdict_cases[] = {
	{ "keep 20", { I(BPF_RET | BPF_K, 0, 0, 20) }, 1 },
	{ "keep 3 (below the UDP header: 8)", { I(BPF_RET | BPF_K, 0, 0, 3) }, 1 },
	{ "drop", { I(BPF_RET | BPF_K, 0, 0, 0) }, 1 },
	{ "keep len - 1", { I(BPF_LD | BPF_LEN, 0, 0, 0), I(BPF_ALU | BPF_SUB | BPF_K, 0, 0, 1), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ip protocol via net offset", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, SKF_NET_OFF + 9), I(BPF_RET | BPF_A, 0, 0, 0) }, 2 },
	{ "ip ttl + dst port", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, SKF_NET_OFF + 8), I(BPF_TAX, 0, 0, 0), I(BPF_LD | BPF_H | BPF_ABS, 0, 0, 2), I(BPF_ALU | BPF_AND | BPF_K, 0, 0, 0x3f), I(BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 6 },
	{ "ll header ethertype", { I(BPF_LD | BPF_H | BPF_ABS, 0, 0, SKF_LL_OFF + 12), I(BPF_ALU | BPF_RSH | BPF_K, 0, 0, 6), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "load past the end", { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, 5000), I(BPF_RET | BPF_K, 0, 0, 100) }, 2 },
	{ "load just inside", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, 8 + 29), I(BPF_RET | BPF_K, 0, 0, 100) }, 2 },
	{ "load just outside", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, 8 + 30), I(BPF_RET | BPF_K, 0, 0, 100) }, 2 },
	{ "ind with negative x", { I(BPF_LDX | BPF_IMM, 0, 0, (uint32_t)-8), I(BPF_LD | BPF_B | BPF_IND, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 100) }, 3 },
	{ "div by x = 0", { I(BPF_LD | BPF_IMM, 0, 0, 7), I(BPF_ALU | BPF_DIV | BPF_X, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 100) }, 3 },
	{ "mod by x = 0", { I(BPF_LD | BPF_IMM, 0, 0, 7), I(BPF_ALU | BPF_MOD | BPF_X, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 100) }, 3 },
	{ "shift by x = 35", { I(BPF_LD | BPF_IMM, 0, 0, 1), I(BPF_LDX | BPF_IMM, 0, 0, 35), I(BPF_ALU | BPF_LSH | BPF_X, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 4 },
	{ "ancillary protocol", { I(BPF_LD | BPF_H | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_PROTOCOL), I(BPF_ALU | BPF_RSH | BPF_K, 0, 0, 6), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ancillary pkttype + 10", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_PKTTYPE), I(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 10), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ancillary ifindex + 10", { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_IFINDEX), I(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 10), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ancillary hatype / 20", { I(BPF_LD | BPF_H | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_HATYPE), I(BPF_ALU | BPF_DIV | BPF_K, 0, 0, 20), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "ancillary xor x", { I(BPF_LD | BPF_IMM, 0, 0, 0x5a), I(BPF_LDX | BPF_IMM, 0, 0, 0x0f), I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_ALU_XOR_X), I(BPF_RET | BPF_A, 0, 0, 0) }, 4 },
	{ "ancillary vlan present + 9", { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT), I(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 9), I(BPF_RET | BPF_A, 0, 0, 0) }, 3 },
	{ "scratch memory", { I(BPF_LD | BPF_IMM, 0, 0, 17), I(BPF_ST, 0, 0, 4), I(BPF_LD | BPF_IMM, 0, 0, 0), I(BPF_LDX | BPF_MEM, 0, 0, 4), I(BPF_TXA | BPF_MISC, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) }, 6 },
	{ "jset payload byte", { I(BPF_LD | BPF_B | BPF_ABS, 0, 0, 8), I(BPF_JMP | BPF_JSET | BPF_K, 0, 1, 0x40), I(BPF_RET | BPF_K, 0, 0, 12), I(BPF_RET | BPF_K, 0, 0, 14) }, 4 },
};

static int
host_verdict(const struct prog *c, const uint8_t *payload, unsigned int len, uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sock_fprog fp = { .len = (unsigned short)c->len,
				 .filter = (uint64_t)(uintptr_t)c->insns };
	socklen_t al = sizeof(a);
	int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[2000];
	ssize_t n;
	struct pollfd pfd;

	if (r < 0 || s < 0 || bind(r, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(r, (struct sockaddr *)&a, &al) ||
	    setsockopt(r, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp))) {
		fprintf(stderr, "host socket setup: %s\n", strerror(errno));
		ck_abort();
	}
	*port = ntohs(a.sin_port);
	if (sendto(s, payload, len, 0, (struct sockaddr *)&a, sizeof(a)) != (ssize_t)len)
		ck_abort_msg("sendto: %s", strerror(errno));
	pfd.fd = r;
	pfd.events = POLLIN;
	/* Loopback delivery is done within sendto; wait a little all the same. */
	n = poll(&pfd, 1, 100) == 1 ? recv(r, buf, sizeof(buf), MSG_DONTWAIT) : -1;
	close(r);
	close(s);
	return (int)n;
}

/* The datagram as Linux hands it to the filter: lo's header, IP, UDP, payload. */
static struct pkt *
loopback_pkt(const uint8_t *payload, unsigned int len, uint16_t dport, uint16_t sport)
{
	struct pkt *p = pkt_alloc(&pool, 64, 14 + 28 + len);
	uint8_t *b = pkt_put(p, 14 + 28 + len), *ip = b + 14, *u = ip + 20;

	memset(b, 0, 14);
	wbe16(b + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	wbe16(ip + 2, 28 + len);
	wbe16(ip + 6, 0x4000);	/* DF: it fits the path */
	ip[8] = 64;
	ip[9] = 17;
	wbe32(ip + 12, 0x7f000001);
	wbe32(ip + 16, 0x7f000001);
	wbe16(u, sport);
	wbe16(u + 2, dport);
	wbe16(u + 4, 8 + len);
	memcpy(u + 8, payload, len);
	pkt_set_mac_header(p);
	pkt_pull(p, 14);
	pkt_set_network_header(p);
	pkt_pull(p, 20);
	pkt_set_transport_header(p);
	p->protocol = 0x0800;
	p->pkt_type = 0;	/* PACKET_HOST */
	p->ifindex = 1;
	return p;
}

START_TEST(verdicts_match_linux)
{
	uint8_t payload[30];

	if (host_check(checker_cases[0].insns, 1) == 1) {
		fprintf(stderr, "skip: no host sockets to compare verdicts with\n");
		return;
	}
	for (unsigned int i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(0x41 + i);
	for (unsigned int i = 0; i < sizeof(verdict_cases) / sizeof(verdict_cases[0]); i++) {
		const struct prog *c = &verdict_cases[i];
		struct bpf_aux aux = { .hatype = 772 /* ARPHRD_LOOPBACK */ };
		struct sk_filter *sf;
		struct pkt *p;
		uint16_t port;
		int err, linux_n, ours_n;
		uint32_t keep;

		linux_n = host_verdict(c, payload, sizeof(payload), &port);
		sf = sk_filter_create(c->insns, c->len, &err);
		ck_assert_ptr_nonnull(sf);
		/* Our sender port: the kernel's was ephemeral; programs here do not read it. */
		p = loopback_pkt(payload, sizeof(payload), port, 40000);
		keep = bpf_run(sf, p, &aux);
		if (!keep)
			ours_n = -1;
		else
			ours_n = (int)((keep > 8 ? keep : 8) < p->len ? (keep > 8 ? keep : 8) : p->len) - 8;
		if (ours_n != linux_n)
			ck_abort_msg("\"%s\": ours %d bytes, Linux %d", c->what, ours_n, linux_n);
		pkt_free(p);
		sk_filter_free(sf);
	}
}
END_TEST

START_TEST(trim_cap)
{
	static const struct sock_filter keep4[] = { I(BPF_RET | BPF_K, 0, 0, 4) };
	struct sk_filter *f;
	struct pkt *p;
	int err;

	f = sk_filter_create(keep4, 1, &err);
	p = pkt_alloc(&pool, 0, 100);
	pkt_put(p, 100);
	ck_assert_int_eq(sk_filter_trim_cap(f, p, 8, NULL), 0);
	ck_assert_uint_eq(p->len, 8);
	ck_assert_int_eq(sk_filter_trim_cap(NULL, p, 8, NULL), 0);
	pkt_free(p);
	sk_filter_free(f);
	ck_assert_ptr_null(sk_filter_create(keep4, 0, &err));
	ck_assert_int_eq(err, -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("net_bpf");
	TCase *tc = tcase_create("bpf");
	SRunner *sr;
	int failed;

	pkt_pool_init(&pool, 1 << 24);
	tcase_add_test(tc, tcpdump_dd_fixtures);
	tcase_add_test(tc, libpcap_expressions);
	tcase_add_test(tc, checker_matches_linux);
	tcase_add_test(tc, verdicts_match_linux);
	tcase_add_test(tc, trim_cap);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
