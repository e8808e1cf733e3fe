// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 options (RFC 791) as Linux's net/ipv4/ip_options.c treats them:
 * checked on receive (a malformed option earns ICMP parameter problem
 * pointing at the bad byte), record-route and timestamp slots filled in
 * by each host that handles the packet, echoed back in ICMP replies
 * (ping -R), and the non-copied options blanked in non-first fragments.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ip.h"

/* ms since midnight UT for timestamps; high bit set if unknown (RFC 791). */
static uint32_t
ip_timestamp(struct inet_stack *stack)
{
	if (stack->ops && stack->ops->ms_since_midnight)
		return stack->ops->ms_since_midnight(stack, stack->now);
	return 0x80000000U | (uint32_t)((stack->now / NSEC_PER_MSEC) % 86400000U);
}

int
ip_options_compile(struct inet_stack *stack, struct pkt *p, struct ip_options *opt,
		   unsigned int *pp)
{
	uint8_t *iph = pkt_network_header(p);
	uint32_t spec_dst = IPCB(p)->spec_dst;
	unsigned int l = (unsigned int)((iph[0] & 0x0f) * 4) - sizeof(struct iphdr);
	uint8_t *optptr = iph + sizeof(struct iphdr);
	uint8_t *bad = NULL;
	bool changed = false;

	memset(opt, 0, sizeof(*opt));
	opt->optlen = (uint8_t)l;
	while (l > 0) {
		unsigned int optlen;

		if (*optptr == IPOPT_END) {
			for (optptr++, l--; l > 0; optptr++, l--) {
				if (*optptr != IPOPT_END) {
					*optptr = IPOPT_END;
					changed = true;
				}
			}
			break;
		}
		if (*optptr == IPOPT_NOOP) {
			l--;
			optptr++;
			continue;
		}
		if (l < 2) {
			bad = optptr;
			goto error;
		}
		optlen = optptr[1];
		if (optlen < 2 || optlen > l) {
			bad = optptr;
			goto error;
		}
		switch (*optptr) {
		case IPOPT_SSRR:
		case IPOPT_LSRR:
			if (optlen < 3) {
				bad = optptr + 1;
				goto error;
			}
			if (optptr[2] < 4) {
				bad = optptr + 2;
				goto error;
			}
			if (opt->srr) {
				bad = optptr;
				goto error;
			}
			opt->is_strictroute = optptr[0] == IPOPT_SSRR;
			opt->srr = (uint8_t)(optptr - iph);
			break;
		case IPOPT_RR:
			if (opt->rr) {
				bad = optptr;
				goto error;
			}
			if (optlen < 3) {
				bad = optptr + 1;
				goto error;
			}
			if (optptr[2] < 4) {
				bad = optptr + 2;
				goto error;
			}
			if ((unsigned int)optptr[2] <= optlen) {
				if ((unsigned int)optptr[2] + 3 > optlen) {
					bad = optptr + 2;
					goto error;
				}
				if (spec_dst) {
					put_be32(&optptr[optptr[2] - 1], spec_dst);
					changed = true;
				}
				optptr[2] += 4;
				opt->rr_needaddr = 1;
			}
			opt->rr = (uint8_t)(optptr - iph);
			break;
		case IPOPT_TIMESTAMP:
			if (opt->ts) {
				bad = optptr;
				goto error;
			}
			if (optlen < 4) {
				bad = optptr + 1;
				goto error;
			}
			if (optptr[2] < 5) {
				bad = optptr + 2;
				goto error;
			}
			if ((unsigned int)optptr[2] <= optlen) {
				uint8_t *timeptr = NULL;

				if ((unsigned int)optptr[2] + 3 > optlen) {
					bad = optptr + 2;
					goto error;
				}
				switch (optptr[3] & 0xF) {
				case IPOPT_TS_TSONLY:
					timeptr = &optptr[optptr[2] - 1];
					opt->ts_needtime = 1;
					optptr[2] += 4;
					break;
				case IPOPT_TS_TSANDADDR:
					if ((unsigned int)optptr[2] + 7 > optlen) {
						bad = optptr + 2;
						goto error;
					}
					if (spec_dst) {
						put_be32(&optptr[optptr[2] - 1], spec_dst);
						timeptr = &optptr[optptr[2] + 3];
					}
					opt->ts_needaddr = 1;
					opt->ts_needtime = 1;
					optptr[2] += 8;
					break;
				case IPOPT_TS_PRESPEC:
					if ((unsigned int)optptr[2] + 7 > optlen) {
						bad = optptr + 2;
						goto error;
					}
					if (inet_addr_type(stack, get_be32(&optptr[optptr[2] - 1])) ==
					    RTN_UNICAST)
						break;
					timeptr = &optptr[optptr[2] + 3];
					opt->ts_needtime = 1;
					optptr[2] += 8;
					break;
				default:
					break;	/* a received packet: no capability check */
				}
				if (timeptr) {
					put_be32(timeptr, ip_timestamp(stack));
					changed = true;
				}
			} else if ((optptr[3] & 0xF) != IPOPT_TS_PRESPEC) {
				unsigned int overflow = optptr[3] >> 4;

				if (overflow == 15) {
					bad = optptr + 3;
					goto error;
				}
				optptr[3] = (uint8_t)((optptr[3] & 0xF) | ((overflow + 1) << 4));
				changed = true;
			}
			opt->ts = (uint8_t)(optptr - iph);
			break;
		case IPOPT_RA:
			if (optlen < 4) {
				bad = optptr + 1;
				goto error;
			}
			if (optptr[2] == 0 && optptr[3] == 0) {
				opt->router_alert = 1;
				opt->router_alert_off = (uint8_t)(optptr - iph);
			}
			break;
		case IPOPT_CIPSO:
			if (opt->cipso) {
				bad = optptr;
				goto error;
			}
			opt->cipso = 1;
			break;
		default:
			break;	/* unknown options of received packets are kept */
		}
		l -= optlen;
		optptr += optlen;
	}
	if (changed)
		ip_send_check(iph);
	return 0;
error:
	*pp = (unsigned int)(bad - iph);
	return -EINVAL;
}

void
ip_options_fragment(uint8_t *opts, unsigned int optlen)
{
	unsigned int l = optlen;
	uint8_t *p = opts;

	while (l > 0) {
		unsigned int len;

		if (*p == IPOPT_END)
			return;
		if (*p == IPOPT_NOOP) {
			l--;
			p++;
			continue;
		}
		len = l >= 2 ? p[1] : 0;
		if (len < 2 || len > l)
			return;
		if (!IPOPT_COPIED(*p))
			memset(p, IPOPT_NOOP, len);
		l -= len;
		p += len;
	}
}

unsigned int
ip_options_echo(struct inet_stack *stack, const struct pkt *p, uint8_t *out, uint32_t saddr)
{
	const struct ip_options *sopt = &((const struct ip_cb *)p->cb)->opt;
	const uint8_t *sptr = pkt_network_header(p);
	unsigned int n = 0;

	if (!sopt->optlen)
		return 0;
	if (sopt->rr) {
		unsigned int optlen = sptr[sopt->rr + 1], soffset = sptr[sopt->rr + 2];

		memcpy(out + n, sptr + sopt->rr, optlen);
		if (sopt->rr_needaddr && soffset <= optlen) {
			if (soffset + 3 > optlen)
				return 0;
			put_be32(out + n + soffset - 1, saddr);
			out[n + 2] = (uint8_t)(soffset + 4);
		}
		n += optlen;
	}
	if (sopt->ts) {
		unsigned int optlen = sptr[sopt->ts + 1], soffset = sptr[sopt->ts + 2];
		uint8_t *d = out + n;
		bool needaddr = false, needtime = false;

		memcpy(d, sptr + sopt->ts, optlen);
		if (soffset <= optlen) {
			if (sopt->ts_needaddr) {
				if (soffset + 3 > optlen)
					return 0;
				needaddr = true;
				soffset += 4;
			}
			if (sopt->ts_needtime) {
				if (soffset + 3 > optlen)
					return 0;
				if ((d[3] & 0xF) != IPOPT_TS_PRESPEC) {
					needtime = true;
					soffset += 4;
				} else if (soffset + 7 <= optlen &&
					   inet_addr_type(stack, get_be32(d + soffset - 1)) !=
					   RTN_UNICAST) {
					needtime = true;
					soffset += 8;
				}
			}
			d[2] = (uint8_t)soffset;
			if (needaddr)
				put_be32(d + soffset - 9, saddr);
			if (needtime)
				put_be32(d + soffset - 5, ip_timestamp(stack));
		}
		n += optlen;
	}
	while (n & 3)
		out[n++] = IPOPT_END;
	return n;
}
