/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: the directory hash functions of htree directories.
 *
 * Three functions exist, each in a "signed char" and an "unsigned char"
 * flavour (the superblock flags say which the filesystem was made with;
 * they differ only for bytes >= 0x80):
 *   legacy    a short multiplicative hash, no seed, no minor hash
 *   half_md4  MD4's three rounds on 32-byte chunks, 4-word state
 *   tea       the TEA block cipher (16 rounds) on 16-byte chunks
 * For half_md4 and tea the state starts from the superblock's hash seed
 * (if not all zero) or the MD4 constants; names are packed into words by
 * str_to_words(), padded with a word built from the name length. The
 * major hash always has bit 0 clear (bit 0 marks hash collisions that
 * continue into the next leaf), and 0xFFFFFFFE is reserved for end-of-dir.
 */
#include "ext4_int.h"

#define TEA_DELTA	0x9E3779B9u
#define MD4_K2		0x5A827999u
#define MD4_K3		0x6ED9EBA1u
#define HASH_EOF_32	0x7FFFFFFFu

static int
name_char(const char *s, size_t i, bool unsig)
{
	return unsig ? (int)(unsigned char)s[i] : (int)(signed char)s[i];
}

static uint32_t
legacy_hash(const char *name, size_t len, bool unsig)
{
	uint32_t h0 = 0x12A3FE2D, h1 = 0x37ABE8F9, h;

	for (size_t i = 0; i < len; i++) {
		h = h1 + (h0 ^ (uint32_t)(name_char(name, i, unsig) * 7152373));
		if (h & 0x80000000u)
			h -= 0x7FFFFFFF;
		h1 = h0;
		h0 = h;
	}
	return h0 << 1;
}

/*
 * Pack up to 4 * n bytes of name into n words, big-endian within a word,
 * starting from a pad word of the length repeated in all four bytes, and
 * fill unused words with the pad. Example: "ab" (len 2), n = 2:
 * pad = 0x02020202; 'a' then 'b' shift in from the right, giving word 0 =
 * 0x02026162; word 1 = pad = 0x02020202.
 */
static void
str_to_words(const char *name, size_t len, uint32_t *out, int n, bool unsig)
{
	uint32_t pad = (uint32_t)len | ((uint32_t)len << 8);
	uint32_t val;
	size_t i;

	pad |= pad << 16;
	val = pad;
	if (len > (size_t)n * 4)
		len = (size_t)n * 4;
	for (i = 0; i < len; i++) {
		val = (uint32_t)name_char(name, i, unsig) + (val << 8);
		if (i % 4 == 3) {
			*out++ = val;
			val = pad;
			n--;
		}
	}
	if (--n >= 0)
		*out++ = val;
	while (--n >= 0)
		*out++ = pad;
}

static uint32_t
rol32(uint32_t v, unsigned int s)
{
	return (v << s) | (v >> (32 - s));
}

#define MD4_F(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MD4_G(x, y, z)	(((x) & (y)) + (((x) ^ (y)) & (z)))
#define MD4_H(x, y, z)	((x) ^ (y) ^ (z))
#define MD4_STEP(f, a, b, c, d, x, s) \
	do { (a) = rol32((a) + f((b), (c), (d)) + (x), (s)); } while (0)

/* MD4's compression function cut to three rounds of eight steps. */
static void
half_md4(uint32_t buf[4], const uint32_t in[8])
{
	uint32_t a = buf[0], b = buf[1], c = buf[2], d = buf[3];

	MD4_STEP(MD4_F, a, b, c, d, in[0], 3);
	MD4_STEP(MD4_F, d, a, b, c, in[1], 7);
	MD4_STEP(MD4_F, c, d, a, b, in[2], 11);
	MD4_STEP(MD4_F, b, c, d, a, in[3], 19);
	MD4_STEP(MD4_F, a, b, c, d, in[4], 3);
	MD4_STEP(MD4_F, d, a, b, c, in[5], 7);
	MD4_STEP(MD4_F, c, d, a, b, in[6], 11);
	MD4_STEP(MD4_F, b, c, d, a, in[7], 19);

	MD4_STEP(MD4_G, a, b, c, d, in[1] + MD4_K2, 3);
	MD4_STEP(MD4_G, d, a, b, c, in[3] + MD4_K2, 5);
	MD4_STEP(MD4_G, c, d, a, b, in[5] + MD4_K2, 9);
	MD4_STEP(MD4_G, b, c, d, a, in[7] + MD4_K2, 13);
	MD4_STEP(MD4_G, a, b, c, d, in[0] + MD4_K2, 3);
	MD4_STEP(MD4_G, d, a, b, c, in[2] + MD4_K2, 5);
	MD4_STEP(MD4_G, c, d, a, b, in[4] + MD4_K2, 9);
	MD4_STEP(MD4_G, b, c, d, a, in[6] + MD4_K2, 13);

	MD4_STEP(MD4_H, a, b, c, d, in[3] + MD4_K3, 3);
	MD4_STEP(MD4_H, d, a, b, c, in[7] + MD4_K3, 9);
	MD4_STEP(MD4_H, c, d, a, b, in[2] + MD4_K3, 11);
	MD4_STEP(MD4_H, b, c, d, a, in[6] + MD4_K3, 15);
	MD4_STEP(MD4_H, a, b, c, d, in[1] + MD4_K3, 3);
	MD4_STEP(MD4_H, d, a, b, c, in[5] + MD4_K3, 9);
	MD4_STEP(MD4_H, c, d, a, b, in[0] + MD4_K3, 11);
	MD4_STEP(MD4_H, b, c, d, a, in[4] + MD4_K3, 15);

	buf[0] += a;
	buf[1] += b;
	buf[2] += c;
	buf[3] += d;
}

/* 16 rounds of TEA, encrypting buf[0..1] with in[0..3] as the key. */
static void
tea(uint32_t buf[4], const uint32_t in[4])
{
	uint32_t sum = 0, b0 = buf[0], b1 = buf[1];

	for (int n = 0; n < 16; n++) {
		sum += TEA_DELTA;
		b0 += ((b1 << 4) + in[0]) ^ (b1 + sum) ^ ((b1 >> 5) + in[1]);
		b1 += ((b0 << 4) + in[2]) ^ (b0 + sum) ^ ((b0 >> 5) + in[3]);
	}
	buf[0] += b0;
	buf[1] += b1;
}

int
ext4_dirhash(const char *name, size_t len, unsigned int version, const uint32_t seed[4],
	     uint32_t *hash, uint32_t *minor)
{
	uint32_t buf[4] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476 };
	uint32_t in[8];
	bool unsig = version >= EXT4_HASH_LEGACY_UNSIGNED;
	uint32_t h, m = 0;

	if (seed && (seed[0] | seed[1] | seed[2] | seed[3]))
		memcpy(buf, seed, sizeof(buf));
	switch (version) {
	case EXT4_HASH_LEGACY:
	case EXT4_HASH_LEGACY_UNSIGNED:
		h = legacy_hash(name, len, unsig);
		break;
	case EXT4_HASH_HALF_MD4:
	case EXT4_HASH_HALF_MD4_UNSIGNED:
		for (size_t off = 0; off < len; off += 32) {
			str_to_words(name + off, len - off, in, 8, unsig);
			half_md4(buf, in);
		}
		h = buf[1];
		m = buf[2];
		break;
	case EXT4_HASH_TEA:
	case EXT4_HASH_TEA_UNSIGNED:
		for (size_t off = 0; off < len; off += 16) {
			str_to_words(name + off, len - off, in, 4, unsig);
			tea(buf, in);
		}
		h = buf[0];
		m = buf[1];
		break;
	default:
		return -EINVAL;
	}
	h &= ~1u;
	if (h == HASH_EOF_32 << 1)
		h = (HASH_EOF_32 - 1) << 1;
	*hash = h;
	if (minor)
		*minor = m;
	return 0;
}
