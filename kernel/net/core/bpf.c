// SPDX-License-Identifier: GPL-2.0-only
/*
 * Classic BPF: the checker and the interpreter (include/kernel/net/bpf.h),
 * following Linux's net/core/filter.c.
 *
 * The interpreter keeps A and X as 32-bit registers and 16 words of
 * scratch memory. Linux runs classic programs converted to eBPF; the
 * observable semantics reproduced here are that conversion's: shifts by
 * X use X & 31, a load that does not fit the packet (or a division or
 * modulo by X == 0) ends the program returning 0, and jumps only go
 * forward (the checker guarantees it), so a program ends after at most
 * `len` steps.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/bpf.h"
#include "kernel/net/random.h"
#include "uapi/netlink.h"

/* The opcodes Linux accepts (chk_code_allowed). */
static bool
code_allowed(uint16_t code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K: case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS: case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_IMM: case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN: case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool
is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* The ancillary loads Linux knows (bpf_anc_helper). */
static bool
anc_known(uint32_t k)
{
	uint32_t off = k - (uint32_t)SKF_AD_OFF;

	return k >= (uint32_t)SKF_AD_OFF && off < SKF_AD_MAX && !(off & 3);
}

/* Scratch memory must be written before read on every path (check_load_and_stores). */
static int
check_load_and_stores(const struct sock_filter *f, unsigned int len)
{
	uint16_t *masks = kmalloc(len * sizeof(*masks)), memvalid = 0;
	int ret = 0;

	if (!masks)
		return -ENOMEM;
	memset(masks, 0xff, len * sizeof(*masks));
	for (unsigned int pc = 0; pc < len; pc++) {
		memvalid &= masks[pc];
		switch (f[pc].code) {
		case BPF_ST:
		case BPF_STX:
			memvalid |= (uint16_t)(1u << f[pc].k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(memvalid & (1u << f[pc].k))) {
				ret = -EINVAL;
				goto out;
			}
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + f[pc].k] &= memvalid;
			memvalid = 0xffff;
			break;
		default:
			if (is_cond_jump(f[pc].code)) {
				masks[pc + 1 + f[pc].jt] &= memvalid;
				masks[pc + 1 + f[pc].jf] &= memvalid;
				memvalid = 0xffff;
			}
			break;
		}
	}
out:
	kfree(masks);
	return ret;
}

int
bpf_check_classic(const struct sock_filter *f, unsigned int len)
{
	if (!f || len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *t = &f[pc];

		if (!code_allowed(t->code))
			return -EINVAL;
		switch (t->code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (t->k == 0)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (t->k >= 32)
				return -EINVAL;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (t->k >= BPF_MEMWORDS)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (t->k >= len - pc - 1)
				return -EINVAL;
			break;
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (t->k >= (uint32_t)SKF_AD_OFF && !anc_known(t->k))
				return -EINVAL;
			break;
		default:
			if (is_cond_jump(t->code) &&
			    (pc + t->jt + 1 >= len || pc + t->jf + 1 >= len))
				return -EINVAL;
			break;
		}
	}
	switch (f[len - 1].code) {
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
		return check_load_and_stores(f, len);
	}
	return -EINVAL;
}

struct sk_filter *
sk_filter_create(const struct sock_filter *insns, unsigned int len, int *err)
{
	struct sk_filter *f;

	*err = bpf_check_classic(insns, len);
	if (*err)
		return NULL;
	f = kmalloc(sizeof(*f) + len * sizeof(f->insns[0]));
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	f->len = len;
	memcpy(f->insns, insns, len * sizeof(f->insns[0]));
	return f;
}

void
sk_filter_free(struct sk_filter *f)
{
	kfree(f);
}

/*
 * Where size bytes at signed offset off live, or NULL (Linux's
 * load helpers): non-negative offsets count from data; SKF_NET_OFF and
 * SKF_LL_OFF from the network and link headers, and may reach back
 * before data, but never before the buffer or beyond the window's end.
 */
static const uint8_t *
load_ptr(const struct pkt *p, int32_t off, unsigned int size)
{
	const uint8_t *start = p->buf->data, *end = p->data + p->len, *ptr;

	if (off >= 0) {
		if ((uint32_t)off > p->len || size > p->len - (uint32_t)off)
			return NULL;
		return p->data + off;
	}
	if (off >= SKF_NET_OFF) {
		if (p->net_off < 0)
			return NULL;
		ptr = start + p->net_off + (off - SKF_NET_OFF);
	} else if (off >= SKF_LL_OFF) {
		if (p->mac_off < 0)
			return NULL;
		ptr = start + p->mac_off + (off - SKF_LL_OFF);
	} else {
		return NULL;
	}
	if (ptr < start || ptr + size > end || ptr + size < ptr)
		return NULL;
	return ptr;
}

static bool
load(const struct pkt *p, int32_t off, unsigned int size, uint32_t *v)
{
	const uint8_t *b = load_ptr(p, off, size);

	if (!b)
		return false;
	*v = size == 4 ? get_be32(b) : size == 2 ? get_be16(b) : b[0];
	return true;
}

/* SKF_AD_NLATTR: the offset of attribute type x in the attributes at a. */
static uint32_t
anc_nlattr(const struct pkt *p, uint32_t a, uint32_t x, bool nested)
{
	const uint8_t *d = p->data;
	uint32_t len = p->len, off, end;

	if (len < NLA_HDRLEN || a > len - NLA_HDRLEN)
		return 0;
	if (nested) {
		uint16_t nl = get_u16(d + a);

		if (nl > len - a)
			return 0;
		end = a + nl;
		off = a + NLA_HDRLEN;
	} else {
		end = len;
		off = a;
	}
	while (off + NLA_HDRLEN <= end) {
		uint16_t nl = get_u16(d + off), type = get_u16(d + off + 2) & NLA_TYPE_MASK;

		if (nl < NLA_HDRLEN || nl > end - off)
			break;
		if (type == x)
			return off;
		off += NLA_ALIGN(nl);
	}
	return 0;
}

static uint32_t
payload_offset(const struct pkt *p)
{
	/* SKF_AD_PAY_OFFSET: where the transport payload starts, or 0. */
	if (p->trans_off >= 0)
		return (uint32_t)(p->trans_off - (int)pkt_headroom(p));
	return 0;
}

static bool
ancillary(const struct pkt *p, const struct bpf_aux *aux, uint32_t k, uint32_t a, uint32_t x,
	  uint32_t *out)
{
	switch (k - (uint32_t)SKF_AD_OFF) {
	case SKF_AD_PROTOCOL: *out = p->protocol; return true;
	case SKF_AD_PKTTYPE: *out = p->pkt_type; return true;
	case SKF_AD_IFINDEX: *out = (uint32_t)p->ifindex; return true;
	case SKF_AD_NLATTR: *out = anc_nlattr(p, a, x, false); return true;
	case SKF_AD_NLATTR_NEST: *out = anc_nlattr(p, a, x, true); return true;
	case SKF_AD_MARK: *out = p->mark; return true;
	case SKF_AD_QUEUE: *out = 0; return true;
	case SKF_AD_HATYPE: *out = aux ? aux->hatype : 0; return true;
	case SKF_AD_RXHASH: *out = aux ? aux->rxhash : 0; return true;
	case SKF_AD_CPU: *out = 0; return true;
	case SKF_AD_ALU_XOR_X: *out = a ^ x; return true;
	case SKF_AD_VLAN_TAG: *out = 0; return true;
	case SKF_AD_VLAN_TAG_PRESENT: *out = 0; return true;
	case SKF_AD_PAY_OFFSET: *out = payload_offset(p); return true;
	case SKF_AD_RANDOM: *out = aux && aux->rng ? net_rng_u32(aux->rng) : 0; return true;
	case SKF_AD_VLAN_TPID: *out = 0; return true;
	}
	return false;
}

uint32_t
bpf_run(const struct sk_filter *f, const struct pkt *p, const struct bpf_aux *aux)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 }, v;
	unsigned int pc = 0;

	while (pc < f->len) {
		const struct sock_filter *t = &f->insns[pc++];
		uint32_t src = BPF_SRC(t->code) == BPF_X ? X : t->k;
		unsigned int size;

		switch (t->code) {
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (t->k >= (uint32_t)SKF_AD_OFF) {
				if (!ancillary(p, aux, t->k, A, X, &A))
					return 0;
				break;
			}
			size = BPF_SIZE(t->code) == BPF_W ? 4 : BPF_SIZE(t->code) == BPF_H ? 2 : 1;
			if (!load(p, (int32_t)t->k, size, &A))
				return 0;
			break;
		case BPF_LD | BPF_W | BPF_IND:
		case BPF_LD | BPF_H | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
			size = BPF_SIZE(t->code) == BPF_W ? 4 : BPF_SIZE(t->code) == BPF_H ? 2 : 1;
			if (!load(p, (int32_t)(X + t->k), size, &A))
				return 0;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			A = p->len;
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			X = p->len;
			break;
		case BPF_LDX | BPF_B | BPF_MSH:
			if (!load(p, (int32_t)t->k, 1, &v))
				return 0;
			X = (v & 0xf) << 2;
			break;
		case BPF_LD | BPF_IMM:
			A = t->k;
			break;
		case BPF_LDX | BPF_IMM:
			X = t->k;
			break;
		case BPF_LD | BPF_MEM:
			A = M[t->k];
			break;
		case BPF_LDX | BPF_MEM:
			X = M[t->k];
			break;
		case BPF_ST:
			M[t->k] = A;
			break;
		case BPF_STX:
			M[t->k] = X;
			break;
		case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
			A += src;
			break;
		case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
			A -= src;
			break;
		case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
			A *= src;
			break;
		case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
			if (!src)
				return 0;
			A /= src;
			break;
		case BPF_ALU | BPF_MOD | BPF_K: case BPF_ALU | BPF_MOD | BPF_X:
			if (!src)
				return 0;
			A %= src;
			break;
		case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
			A &= src;
			break;
		case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
			A |= src;
			break;
		case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
			A ^= src;
			break;
		case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
			A <<= src & 31;
			break;
		case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
			A >>= src & 31;
			break;
		case BPF_ALU | BPF_NEG:
			A = -A;
			break;
		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;
		case BPF_RET | BPF_K:
			return t->k;
		case BPF_RET | BPF_A:
			return A;
		case BPF_JMP | BPF_JA:
			pc += t->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == src ? t->jt : t->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > src ? t->jt : t->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= src ? t->jt : t->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & src) ? t->jt : t->jf;
			break;
		default:
			return 0;	/* unchecked program: refuse the packet */
		}
	}
	return 0;
}

int
sk_filter_trim_cap(const struct sk_filter *f, struct pkt *p, unsigned int cap,
		   const struct bpf_aux *aux)
{
	uint32_t keep;

	if (!f)
		return 0;
	keep = bpf_run(f, p, aux);
	if (!keep)
		return -EPERM;
	pkt_trim(p, keep > cap ? keep : cap);
	return 0;
}
