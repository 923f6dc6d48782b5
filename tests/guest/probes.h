/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probes.h - the ring-0 probes of probes.S (see there) and the far
 * procedure the lcall test calls.  Each probe NAME faults at NAME_at and
 * is resumed at NAME_resume.
 */
#ifndef TESTGUEST_PROBES_H
#define TESTGUEST_PROBES_H

void kp_de(void);
void kp_ud(void);
void kp_gp_sel(void);
void kp_np(void);
void kp_pf_read(void);
void kp_pf_write(void);
void kp_pf_wp(void);
void kp_bp(void);
void kp_of(void);
void kp_nm(void);
extern char kp_de_at[], kp_de_resume[], kp_ud_at[], kp_ud_resume[];
extern char kp_gp_sel_at[], kp_gp_sel_resume[], kp_np_at[], kp_np_resume[];
extern char kp_pf_read_at[], kp_pf_read_resume[];
extern char kp_pf_write_at[], kp_pf_write_resume[];
extern char kp_pf_wp_at[], kp_pf_wp_resume[], kp_bp_at[], kp_bp_resume[];
extern char kp_of_at[], kp_of_resume[], kp_nm_at[], kp_nm_resume[];

/* Far procedure: sets EAX to 0x600d and returns with lret. */
void far_proc(void);

#endif /* TESTGUEST_PROBES_H */
