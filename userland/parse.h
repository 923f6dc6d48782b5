/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - parsing and formatting of burnctl's argument values: sizes
 * ("128M"), VM ids and event bits.  Pure functions, unit-tested in tests/unit/.
 */
#ifndef BURNCTL_PARSE_H
#define BURNCTL_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * parse_size - "128M", "1G", "512K", "4096B" or a bare number of MiB (as
 * QEMU's -m) into bytes.  Suffixes K, M, G, T, optionally followed by "iB"
 * (all binary multiples), any case.  Returns 0, or -1 with *why set to a
 * static message.  Rejects empty strings, signs, spaces, junk, overflow.
 */
int parse_size(const char *s, uint64_t *bytes, const char **why);

/* parse_vm_id - a decimal VM id in [1, 2^32-1].  Same conventions. */
int parse_vm_id(const char *s, uint32_t *id, const char **why);

/*
 * parse_event_bit - a decimal event bit a VM_EVENT may raise,
 * BURNVMM_EVENT_BIT_MIN..BURNVMM_EVENT_BIT_MAX.  Same conventions.
 */
int parse_event_bit(const char *s, uint32_t *bit, const char **why);

/*
 * format_size - bytes as the largest exact binary unit ("128M", "1G",
 * "4100K", "17B") into buf; returns buf.
 */
char *format_size(uint64_t bytes, char *buf, size_t len);

#endif /* BURNCTL_PARSE_H */
