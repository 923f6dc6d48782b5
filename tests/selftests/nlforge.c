// SPDX-License-Identifier: GPL-2.0
/*
 * nlforge.c - a process that is not the kernel pretends to be it: for
 * VM ID, send every generic netlink socket on the machine but our own
 * (/proc/net/netlink) the events the module sends a VM's owner, forged:
 *
 *   BLOCK_REQUEST  write sector 0, one sector of 'F' bytes
 *   CONSOLE        the bytes "FORGED-CONSOLE\n"
 *   VM_ENDED       kind SHUTDOWN, status 0, reason "forged"
 *
 * in that order, so that a burnctl that believes the first ones is still
 * there to be caught by the last.
 * burnctl must ignore all three (userland/netlink.c takes messages only
 * from port 0): tests/selftests/nl_sender.sh checks that the VM keeps
 * running, the console stays clean and the disk image is unchanged.
 * Sending to another socket's port needs CAP_NET_ADMIN, so this runs
 * as root.  Prints how many sockets took the first message; exit 1 when
 * none did or on a setup error.
 *
 * Usage: nlforge VM-ID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "../stress/nlraw.h"

#define GENL_PROTO 16 /* NETLINK_GENERIC in /proc/net/netlink */

static int send_to(const struct nlr_sock *s, uint32_t port,
		   const struct nlr_msg *m)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };

	return sendto(s->fd, m->buf, m->len, 0, (struct sockaddr *)&to,
		      sizeof(to)) == (ssize_t)m->len
		       ? 0
		       : -errno;
}

/* The three forged events for VM @id, as the module builds them. */
static int build(struct nlr_sock *s, uint32_t id, struct nlr_msg m[3])
{
	static const char reason[] = "forged";
	static const char text[] = "FORGED-CONSOLE\n";
	uint8_t sector[BURNVMM_BLOCK_SECTOR_SIZE];
	int err = 0;

	memset(sector, 'F', sizeof(sector));
	nlr_msg_init(&m[0], (uint16_t)s->family, 0, 0,
		     BURNVMM_CMD_BLOCK_REQUEST);
	err |= nlr_put_u32(&m[0], BURNVMM_A_VM_ID, id);
	err |= nlr_put_u32(&m[0], BURNVMM_A_BLOCK_OP, BURNVMM_BLOCK_WRITE);
	err |= nlr_put_u64(&m[0], BURNVMM_A_BLOCK_SECTOR, 0);
	err |= nlr_put_u32(&m[0], BURNVMM_A_BLOCK_COUNT, 1);
	err |= nlr_put(&m[0], BURNVMM_A_DATA, sector, sizeof(sector));
	nlr_msg_init(&m[1], (uint16_t)s->family, 0, 0, BURNVMM_CMD_CONSOLE);
	err |= nlr_put_u32(&m[1], BURNVMM_A_VM_ID, id);
	err |= nlr_put(&m[1], BURNVMM_A_DATA, text, sizeof(text) - 1);
	nlr_msg_init(&m[2], (uint16_t)s->family, 0, 0, BURNVMM_CMD_VM_ENDED);
	err |= nlr_put_u32(&m[2], BURNVMM_A_VM_ID, id);
	err |= nlr_put_u32(&m[2], BURNVMM_A_END_KIND, BURNVMM_END_SHUTDOWN);
	err |= nlr_put_u32(&m[2], BURNVMM_A_EXIT_STATUS, 0);
	err |= nlr_put(&m[2], BURNVMM_A_END_REASON, reason, sizeof(reason));
	nlr_msg_seal(&m[0]);
	nlr_msg_seal(&m[1]);
	nlr_msg_seal(&m[2]);
	return err ? -EMSGSIZE : 0;
}

int main(int argc, char **argv)
{
	static struct nlr_sock s;
	static struct nlr_msg m[3];
	unsigned int proto, port, sent = 0, i;
	char line[256];
	FILE *f;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: nlforge VM-ID\n");
		return 1;
	}
	err = nlr_open(&s, 2000);
	if (!err)
		err = nlr_resolve(&s, "burnvmm");
	if (!err)
		err = build(&s, (uint32_t)strtoul(argv[1], NULL, 0), m);
	if (err) {
		fprintf(stderr, "nlforge: %s\n", strerror(-err));
		return 1;
	}
	f = fopen("/proc/net/netlink", "r");
	if (!f) {
		perror("nlforge: /proc/net/netlink");
		return 1;
	}
	/* sk Eth Pid ...: every generic socket with a port but ours. */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %u %u", &proto, &port) != 2 ||
		    proto != GENL_PROTO || port == 0 || port == s.port)
			continue;
		/*
		 * A burnctl that believed one of them may be gone before
		 * the next (ECONNREFUSED): what counts is that it got the
		 * first.
		 */
		for (i = 0; i < 3; i++) {
			err = send_to(&s, port, &m[i]);
			if (err) {
				fprintf(stderr,
					"nlforge: port %u, message %u: %s\n",
					port, i + 1, strerror(-err));
				break;
			}
		}
		if (i > 0)
			sent++;
	}
	fclose(f);
	printf("nlforge: forged events sent to %u sockets\n", sent);
	nlr_close(&s);
	return sent ? 0 : 1;
}
