// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - instantiates the tracepoints declared in trace.h: with
 * CREATE_TRACE_POINTS defined, including the header once emits their
 * definitions and the event descriptions tracefs shows.  Every other file
 * includes trace.h plainly and calls trace_burnvmm_*().
 */
#define CREATE_TRACE_POINTS
#include "trace.h"
