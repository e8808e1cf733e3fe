/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Packet buffers: one frame or datagram in flight through the network
 * library (kernel/net/core/pkt.c).
 *
 * A struct pkt is a window [data, data + len) into a struct pkt_buf, a
 * flat byte buffer with room before the window (headroom, where lower
 * layers push their headers) and after it (tailroom). Layers go down by
 * pkt_push() and up by pkt_pull(); nothing is copied.
 *
 *        buf->data                 p->data          p->data+len     end
 *        |<------ headroom ------->|<----- len ----->|<- tailroom ->|
 *
 * Sharing. pkt_clone() makes a second pkt over the same buffer (for a
 * broadcast to several sockets, a frame to a packet-socket tap and the
 * stack, a TCP segment kept for retransmission...). While a buffer is
 * shared (pkt_shared()), its bytes are READ-ONLY for everyone: a layer
 * that must write (push a header, fix a checksum, decrement a TTL) calls
 * pkt_make_writable() first, which copies only if the buffer is shared.
 *
 * Ownership. A pkt has exactly one owner. A function that takes a
 * struct pkt * as input CONSUMES it (queues it or frees it) unless its
 * comment says otherwise; the caller must not touch it afterwards. To
 * keep a packet while handing it on, hand on a clone. pkt_free() drops
 * the owner's reference; the buffer goes when its last pkt goes.
 *
 * Memory. Every pkt and buffer comes from a struct pkt_pool, which
 * counts the bytes live at once and refuses allocations beyond its
 * limit (the allocation functions return NULL: the caller drops the
 * packet and counts it, as Linux does when it cannot get an skb).
 * Buffers of the standard size (PKT_STD_BUF, enough for an Ethernet
 * frame of MTU 1500 with headroom for every header) are recycled
 * through a small cache, so the steady state allocates nothing.
 *
 * Batches. A struct pkt_queue is a FIFO of pkts with a count and a byte
 * total; devices receive into one and transmit from one, so the kernel
 * moves frames to and from the host with one call per batch.
 *
 * Alignment. pkt_alloc() places data so that, after an Ethernet header
 * of 14 bytes, the IP header is 4-byte aligned (PKT_IP_ALIGN): receive
 * buffers should be allocated with headroom PKT_RX_HEADROOM and filled
 * at p->data. The library never relies on alignment for correctness
 * (it reads headers with memcpy-based accessors), only for speed.
 *
 * Single-threaded: the kernel is uniprocessor; nothing here locks.
 */
#ifndef KERNEL_NET_PKT_H
#define KERNEL_NET_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/list.h"

#define PKT_IP_ALIGN		2	/* 14-byte Ethernet header + 2 = 16 */
#define PKT_MAX_HEADER		128	/* room for Ethernet + IPv6/IPv4 + TCP + options */
#define PKT_RX_HEADROOM		(PKT_IP_ALIGN + 64)
#define PKT_STD_BUF		2048	/* bytes in a standard buffer */
#define PKT_CB_SIZE		48	/* per-layer scratch in struct pkt */
#define PKT_MAX_LEN		(65535 + PKT_MAX_HEADER)	/* largest buffer pkt_alloc gives */

struct pkt_pool;

/* The shared storage under one or more pkts. */
struct pkt_buf {
	unsigned int refs;	/* pkts pointing here */
	unsigned int size;	/* bytes at data[] */
	struct pkt_pool *pool;
	struct pkt_buf *next_free;	/* in pool->free_bufs while cached */
	unsigned char data[];
};

/* Checksum state of the transport payload (p->csum_state). */
enum pkt_csum {
	PKT_CSUM_NONE,		/* nothing known: verify it */
	PKT_CSUM_UNNECESSARY,	/* known good (never left this kernel: loopback) */
};

struct pkt {
	struct list_head list;	/* the owner's queue */
	struct pkt_buf *buf;
	unsigned char *data;	/* first byte of the window */
	unsigned int len;	/* bytes in the window */
	unsigned int truesize;	/* bytes charged to a socket holding it */

	/* Header positions as offsets from buf->data; -1 when unset. */
	int mac_off;
	int net_off;
	int trans_off;

	/* Metadata, copied by clones and copies. */
	int ifindex;		/* device received on, or to send on */
	int orig_ifindex;	/* for forwarding: the device it came in on */
	uint16_t protocol;	/* EtherType, HOST order (ETH_P_IP, ...) */
	uint8_t pkt_type;	/* PACKET_HOST, _BROADCAST, ... (uapi/if_packet.h) */
	uint8_t csum_state;	/* enum pkt_csum */
	uint32_t mark;
	uint32_t priority;
	uint64_t tstamp;	/* ns, the caller's clock; 0 = not stamped */

	/* Scratch owned by the layer holding the pkt (e.g. struct ip_cb). */
	unsigned char cb[PKT_CB_SIZE] __attribute__((aligned(8)));

	struct pkt *next_free;	/* in pool->free_pkts while cached */
};

/*
 * A pool of packet memory. Zero-initialise, then pkt_pool_init(). The
 * counters are for /proc and the tests; limit may be changed at any time
 * (it applies to later allocations).
 */
struct pkt_pool {
	size_t limit;		/* most bytes live at once (pkts and buffers) */
	size_t used;		/* bytes live now */
	size_t peak;
	unsigned long nfail;	/* allocations refused (limit or host memory) */
	unsigned int live_pkts;
	unsigned int live_bufs;
	struct pkt_buf *free_bufs;	/* cached standard buffers */
	unsigned int nfree_bufs;
	struct pkt *free_pkts;
	unsigned int nfree_pkts;
};

/* pkt_pool_init prepares a pool that will hold at most limit bytes. */
void pkt_pool_init(struct pkt_pool *pool, size_t limit);
/* pkt_pool_destroy frees the cached memory; every pkt must have been freed. */
void pkt_pool_destroy(struct pkt_pool *pool);

/*
 * pkt_alloc returns a pkt whose window is empty and starts headroom bytes
 * (plus PKT_IP_ALIGN) into a buffer with room for at least size more;
 * NULL if the pool is over its limit or size is beyond PKT_MAX_LEN.
 */
struct pkt *pkt_alloc(struct pkt_pool *pool, unsigned int headroom, unsigned int size);
/* pkt_free releases p (NULL is allowed). */
void pkt_free(struct pkt *p);
/* pkt_clone returns a second pkt over p's buffer (both become read-only), or NULL. */
struct pkt *pkt_clone(struct pkt *p);
/* pkt_copy returns a private copy of p with at least headroom bytes before its data, or NULL. */
struct pkt *pkt_copy(const struct pkt *p, unsigned int headroom);
/*
 * pkt_make_writable makes p's bytes private (copying them if the buffer
 * is shared) with at least headroom bytes before data; 0 or -ENOMEM.
 */
int pkt_make_writable(struct pkt *p, unsigned int headroom);

static inline bool
pkt_shared(const struct pkt *p)
{
	return p->buf->refs > 1;
}

static inline unsigned int
pkt_headroom(const struct pkt *p)
{
	return (unsigned int)(p->data - p->buf->data);
}

static inline unsigned int
pkt_tailroom(const struct pkt *p)
{
	return p->buf->size - pkt_headroom(p) - p->len;
}

static inline unsigned char *
pkt_tail(const struct pkt *p)
{
	return p->data + p->len;
}

/* pkt_put extends the window by n bytes at the end and returns where they start. */
unsigned char *pkt_put(struct pkt *p, unsigned int n);
/* pkt_put_data appends n bytes from src (tailroom must suffice). */
void pkt_put_data(struct pkt *p, const void *src, unsigned int n);
/* pkt_push extends the window by n bytes at the front (headroom must suffice). */
unsigned char *pkt_push(struct pkt *p, unsigned int n);
/* pkt_pull drops n bytes from the front; NULL (and no change) if len < n. */
unsigned char *pkt_pull(struct pkt *p, unsigned int n);
/* pkt_trim shortens the window to len bytes (no-op if already shorter). */
void pkt_trim(struct pkt *p, unsigned int len);
/* pkt_reserve moves an EMPTY window n bytes further into the buffer. */
void pkt_reserve(struct pkt *p, unsigned int n);

static inline void
pkt_set_mac_header(struct pkt *p)
{
	p->mac_off = (int)pkt_headroom(p);
}

static inline void
pkt_set_network_header(struct pkt *p)
{
	p->net_off = (int)pkt_headroom(p);
}

static inline void
pkt_set_transport_header(struct pkt *p)
{
	p->trans_off = (int)pkt_headroom(p);
}

static inline unsigned char *
pkt_mac_header(const struct pkt *p)
{
	return p->buf->data + p->mac_off;
}

static inline unsigned char *
pkt_network_header(const struct pkt *p)
{
	return p->buf->data + p->net_off;
}

static inline unsigned char *
pkt_transport_header(const struct pkt *p)
{
	return p->buf->data + p->trans_off;
}

/*
 * pkt_header_pointer returns a pointer to len bytes at offset off of the
 * window, or NULL if the window is shorter. Bytes are in place, so the
 * pointer may be misaligned: read through memcpy or the get_be*() helpers.
 */
static inline const void *
pkt_header_pointer(const struct pkt *p, unsigned int off, unsigned int len)
{
	if (off > p->len || len > p->len - off)
		return NULL;
	return p->data + off;
}

/* A FIFO of pkts linked through p->list. */
struct pkt_queue {
	struct list_head head;
	unsigned int count;
	size_t bytes;		/* sum of len */
	size_t truesize;	/* sum of truesize */
};

void pkt_queue_init(struct pkt_queue *q);
/* pkt_queue_tail appends p; pkt_queue_head prepends it. The queue owns p. */
void pkt_queue_tail(struct pkt_queue *q, struct pkt *p);
void pkt_queue_head(struct pkt_queue *q, struct pkt *p);
/* pkt_dequeue removes and returns the first pkt (the caller owns it), or NULL. */
struct pkt *pkt_dequeue(struct pkt_queue *q);
/* pkt_queue_peek returns the first pkt without removing it, or NULL. */
struct pkt *pkt_queue_peek(const struct pkt_queue *q);
/* pkt_unlink removes p, which must be on q. */
void pkt_unlink(struct pkt_queue *q, struct pkt *p);
/* pkt_queue_splice moves every pkt of from to the end of to. */
void pkt_queue_splice(struct pkt_queue *to, struct pkt_queue *from);
/* pkt_queue_purge frees every pkt on q. */
void pkt_queue_purge(struct pkt_queue *q);

static inline bool
pkt_queue_empty(const struct pkt_queue *q)
{
	return q->count == 0;
}

#endif /* KERNEL_NET_PKT_H */
