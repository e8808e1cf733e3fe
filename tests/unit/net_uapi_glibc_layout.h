/* SPDX-License-Identifier: GPL-2.0-only */
/* Layouts glibc defines (<netinet/icmp6.h>), as net_uapi_layout.h. */
S(struct nd_opt_hdr, struct nd_opt_hdr)
O(struct nd_opt_hdr, struct nd_opt_hdr, nd_opt_len)
S(struct nd_opt_prefix_info, struct nd_opt_prefix_info)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_prefix_len)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_flags_reserved)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_valid_time)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_preferred_time)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_reserved2)
O(struct nd_opt_prefix_info, struct nd_opt_prefix_info, nd_opt_pi_prefix)
S(struct nd_opt_mtu, struct nd_opt_mtu)
O(struct nd_opt_mtu, struct nd_opt_mtu, nd_opt_mtu_reserved)
O(struct nd_opt_mtu, struct nd_opt_mtu, nd_opt_mtu_mtu)
