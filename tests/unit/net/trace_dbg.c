#include <stdio.h>
#include "kernel/byteorder.h"
#include "kernel/net/pkt.h"
void dump_frames(struct pkt_queue *q);
void dump_frames(struct pkt_queue *q)
{
	struct pkt *p;
	list_for_each_entry(p, &q->head, list) {
		const uint8_t *ip = p->data + 14, *th = ip + (ip[0] & 15) * 4;
		if (get_be16(p->data + 12) != 0x0800 || ip[9] != 6) continue;
		unsigned hl = (th[12] >> 4) * 4, len = get_be16(ip + 2) - (ip[0] & 15) * 4 - hl;
		printf("%s %u>%u seq=%u ack=%u flags=%02x win=%u len=%u\n", p->pkt_type ? "out" : "in ",
		       get_be16(th), get_be16(th + 2), get_be32(th + 4), get_be32(th + 8), th[13], get_be16(th + 14), len);
	}
}
