/* SPDX-License-Identifier: GPL-2.0 */
/*
 * serve.h - the loop that serves a running VM for `burnctl start`, in the
 * foreground or as a daemon (--detach): the guest's console output and
 * block requests arrive as events on the VM's owner socket; console
 * input, stop requests and the questions about the VM's end go over a
 * second socket.
 *
 * Why two sockets: the module's replies and acks are unicast without
 * waiting, like its events, so a reply meant for a socket that a
 * flooding guest keeps full would be dropped and its request would wait
 * for ever.  The second socket never receives an event, so it always has
 * room for its answers.  The owner socket still sends BLOCK_COMPLETE
 * (the module accepts it from the owner only), but only while the guest
 * waits for it and so writes nothing.
 */
#ifndef BURNCTL_SERVE_H
#define BURNCTL_SERVE_H

#include <stdbool.h>
#include <stdint.h>

struct burn_nl;
struct console_in;
struct disk;

struct serve_vm {
	const char *cmd;	/* for messages: "start" */
	struct burn_nl *nl;	/* the socket that owns the VM: events */
	struct burn_nl *ctl;	/* requests while the VM runs */
	uint32_t id;
	int sfd;		/* signalfd of the stop signals */
	struct console_in *ci;	/* console input; its end keeps the VM going */
	struct disk *disk;	/* the block back end (fd -1: none) */
	bool tell_end;		/* say how the VM ended even for a shutdown */
	bool no_reboot;		/* --no-reboot: a reboot ends us, status 0 */
	/*
	 * Set by serve_vm(): the guest rebooted, and the caller is to
	 * restart it (not with no_reboot, nor after a stop request).
	 */
	bool rebooted;
	int stops;		/* stop requests so far (signals, Ctrl-a x) */
};

/*
 * serve_block_signals - block SIGINT, SIGTERM and SIGHUP and return a
 * signalfd for them, or -1.  The first one stops the guest, a second one
 * (or a second Ctrl-a x) gives up waiting for its end.
 */
int serve_block_signals(void);

/*
 * serve_vm - serve VM @s->id until it ends; returns burnctl start's exit
 * code: the guest's shutdown status; EXIT_GUEST_HALTED for a halt;
 * EXIT_OK for a reboot with @s->no_reboot; else EXIT_GUEST_ENDED.  The
 * reason is on stderr, except for a shutdown (unless @s->tell_end) and
 * for a reboot to restart, which only sets @s->rebooted.  A VM_ENDED
 * the module had to drop is made up for by asking VM_INFO every second
 * and after an overrun.
 */
int serve_vm(struct serve_vm *s);

#endif /* BURNCTL_SERVE_H */
