# SPDX-License-Identifier: GPL-2.0
# tests/guest/guest.mk - rules for this component; see the contract at the top of the
# top-level Makefile.  (Filled in by the component's issue.)
