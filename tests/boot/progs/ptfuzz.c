// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptfuzz DEVICE ROUNDS SEED: writes random partition tables on DEVICE and
 * has the kernel read each one (BLKRRPART): MBRs with random entries
 * (extended ones whose chains run anywhere, loop back, or off the disk),
 * protective MBRs with GPT headers whose CRC-32s are right but whose
 * fields are random, and plain garbage. The kernel must neither crash nor
 * show a partition outside the disk; prints the rounds it got through and
 * the partitions it saw, "T:ptfuzz=<rounds> ok" at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static uint64_t rng;

static uint32_t
rnd(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33);
}

static uint32_t
crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void
put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* small: a number that is often near the disk's sectors, sometimes anything */
static uint32_t
small(uint32_t sectors)
{
	switch (rnd() % 4) {
	case 0: return rnd();
	case 1: return rnd() % 8;
	default: return rnd() % (sectors + 64);
	}
}

static void
mbr_entry(uint8_t *e, uint32_t sectors)
{
	static const uint8_t types[] = { 0x83, 0x05, 0x0f, 0x85, 0xee, 0x00, 0x07 };

	e[0] = rnd() % 8 ? 0 : 0x80;
	e[4] = types[rnd() % sizeof(types)];
	put32(e + 8, small(sectors));
	put32(e + 12, small(sectors));
}

int
main(int argc, char **argv)
{
	uint8_t s[512], ents[128 * 8];
	uint64_t size, sectors;
	int fd, rounds;

	if (argc != 4) {
		fprintf(stderr, "usage: ptfuzz DEVICE ROUNDS SEED\n");
		return 2;
	}
	rounds = atoi(argv[2]);
	rng = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &size) < 0) {
		perror(argv[1]);
		return 1;
	}
	sectors = size / 512;
	for (int r = 0; r < rounds; r++) {
		int kind = rnd() % 3;

		memset(s, 0, sizeof(s));
		if (kind == 2) {
			for (size_t i = 0; i < sizeof(s); i++)
				s[i] = (uint8_t)rnd();
		} else {
			for (int i = 0; i < 4; i++)
				mbr_entry(s + 446 + 16 * i, (uint32_t)sectors);
		}
		s[510] = 0x55;
		s[511] = 0xaa;
		if (kind == 1)
			s[446 + 4] = 0xee;
		pwrite(fd, s, 512, 0);
		/* EBRs at random places (where the extended entries may point) */
		for (int i = 0; i < 4; i++) {
			uint8_t e[512] = { 0 };

			mbr_entry(e + 446, (uint32_t)sectors);
			mbr_entry(e + 462, (uint32_t)sectors);
			e[510] = 0x55;
			e[511] = 0xaa;
			pwrite(fd, e, 512, (off_t)(rnd() % sectors) * 512);
		}
		if (kind == 1) {
			/* a GPT header with right CRCs and random fields */
			uint32_t n = rnd() % 3 ? 8 : rnd() % 4096;

			for (size_t i = 0; i < sizeof(ents); i++)
				ents[i] = rnd() % 4 ? 0 : (uint8_t)rnd();
			for (int i = 0; i < 8; i++) {
				put64(ents + 128 * i + 32, small((uint32_t)sectors));
				put64(ents + 128 * i + 40, small((uint32_t)sectors));
			}
			pwrite(fd, ents, sizeof(ents), 2 * 512);
			memset(s, 0, sizeof(s));
			memcpy(s, "EFI PART", 8);
			put32(s + 8, 0x10000);
			put32(s + 12, rnd() % 4 ? 92 : rnd() % 600);
			put64(s + 24, 1);
			put64(s + 32, sectors - 1);
			put64(s + 40, small((uint32_t)sectors));
			put64(s + 48, rnd() % 2 ? sectors - 34 : small((uint32_t)sectors));
			put64(s + 72, rnd() % 4 ? 2 : small((uint32_t)sectors));
			put32(s + 80, n);
			put32(s + 84, rnd() % 4 ? 128 : rnd() % 1024);
			put32(s + 88, crc32(ents, n <= 8 ? n * 128 : sizeof(ents)));
			put32(s + 16, crc32(s, 92));
			pwrite(fd, s, 512, 512);
		}
		fsync(fd);
		if (ioctl(fd, BLKRRPART, 0) < 0 && errno != EBUSY) {
			printf("T:rrpart-round-%d=%s\n", r, strerrorname_np(errno));
			continue;
		}
		for (int p = 1; p <= 15; p++) {
			char path[128], buf[64];
			unsigned long long start = 0, psize = 0;
			FILE *f;

			snprintf(path, sizeof(path), "/sys/class/block/%s%d/start",
				 strrchr(argv[1], '/') + 1, p);
			f = fopen(path, "r");
			if (!f)
				continue;
			if (fgets(buf, sizeof(buf), f))
				start = strtoull(buf, NULL, 10);
			fclose(f);
			path[strlen(path) - 5] = 0;
			strcat(path, "size");
			f = fopen(path, "r");
			if (f && fgets(buf, sizeof(buf), f))
				psize = strtoull(buf, NULL, 10);
			if (f)
				fclose(f);
			if (start + psize > sectors || !psize)
				printf("T:outside-round-%d=p%d %llu+%llu\n", r, p, start, psize);
		}
	}
	printf("T:ptfuzz=%d ok\n", rounds);
	return 0;
}
