// SPDX-License-Identifier: GPL-2.0
/*
 * parse.c - sizes, VM ids and event bits on burnctl's command line.
 *
 * Written by hand instead of with strtoull's permissive rules: strtoull
 * accepts leading spaces, a sign (and negates!), and silently saturates,
 * all of which would turn a typo into a plausible-looking but wrong VM.
 */
#include <ctype.h>
#include <stdio.h>
#include <linux/burnvmm.h>
#include "parse.h"

/* Accumulate decimal digits; -1 on none or on overflow. */
static int parse_digits(const char **p, uint64_t *val, const char **why)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s)) {
		*why = "expected a number";
		return -1;
	}
	for (; isdigit((unsigned char)*s); s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10) {
			*why = "number too large";
			return -1;
		}
		v = v * 10 + d;
	}
	*p = s;
	*val = v;
	return 0;
}

/* The binary shift of a size suffix, or -1 when it is not one. */
static int size_suffix_shift(const char *s)
{
	static const char units[] = "BKMGT";
	int shift;

	for (shift = 0; units[shift]; shift++) {
		if (toupper((unsigned char)s[0]) != units[shift])
			continue;
		if (s[1] == '\0')
			return shift * 10;
		/* "KiB", "MiB"...: only after a real multiplier. */
		if (shift && (s[1] == 'i' || s[1] == 'I') &&
		    (s[2] == 'B' || s[2] == 'b') && s[3] == '\0')
			return shift * 10;
		return -1;
	}
	return -1;
}

int parse_size(const char *s, uint64_t *bytes, const char **why)
{
	uint64_t v;
	int shift;

	if (!s || !*s) {
		*why = "empty size";
		return -1;
	}
	if (parse_digits(&s, &v, why))
		return -1;
	if (*s == '\0') {
		shift = 20;	/* a bare number is MiB, as QEMU's -m */
	} else {
		shift = size_suffix_shift(s);
		if (shift < 0) {
			*why = "unknown size suffix (use B, K, M, G or T)";
			return -1;
		}
	}
	if (shift && v > (UINT64_MAX >> shift)) {
		*why = "size too large";
		return -1;
	}
	*bytes = v << shift;
	return 0;
}

int parse_vm_id(const char *s, uint32_t *id, const char **why)
{
	uint64_t v;

	if (!s || !*s) {
		*why = "empty VM id";
		return -1;
	}
	if (parse_digits(&s, &v, why))
		return -1;
	if (*s != '\0') {
		*why = "VM id must be a decimal number";
		return -1;
	}
	if (v == 0 || v > UINT32_MAX) {
		*why = "VM id out of range";
		return -1;
	}
	*id = (uint32_t)v;
	return 0;
}

int parse_event_bit(const char *s, uint32_t *bit, const char **why)
{
	uint64_t v;

	if (!s || !*s) {
		*why = "empty event bit";
		return -1;
	}
	if (parse_digits(&s, &v, why))
		return -1;
	if (*s != '\0') {
		*why = "event bit must be a decimal number";
		return -1;
	}
	if (v < BURNVMM_EVENT_BIT_MIN || v > BURNVMM_EVENT_BIT_MAX) {
		*why = "event bit must be 8..31 (0..7 are the host's)";
		return -1;
	}
	*bit = (uint32_t)v;
	return 0;
}

char *format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGT";
	int i = 0;

	while (units[i + 1] && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		i++;
	}
	snprintf(buf, len, "%llu%c", (unsigned long long)bytes, units[i]);
	return buf;
}
