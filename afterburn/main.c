// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/main.c - `afterburn [options] [-o OUT] [IN]`: read GNU as
 * AT&T assembly (gcc -S output or a preprocessed .S), write it back with
 * every sensitive instruction turned into a padded, recorded site.
 *
 * Exit status: 0 success, 1 error in the input (messages name
 * file:line), 129 usage.  Nothing is written when the input has errors.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ab.h"

static const char usage_text[] =
	"usage: afterburn [options] [IN]\n"
	"  -o, --output OUT  write here (default stdout; written via a\n"
	"                    temporary file and rename)\n"
	"  -n, --dry-run     check and count only, write nothing\n"
	"      --stats       print site counts per class on stderr\n"
	"      --werror      treat warnings as errors\n"
	"  -q, --quiet       no warnings\n"
	"  -h, --help        this text\n"
	"IN defaults to stdin.  See docs/afterburn.md.\n";

static int usage(FILE *f)
{
	fputs(usage_text, f);
	return f == stdout ? 0 : 129;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "stats", no_argument, NULL, 's' },
		{ "werror", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ab_opts opts = { 0 };
	struct ab_stats stats = { 0 };
	struct ab_buf in = { 0 }, out = { 0 };
	const char *inpath = "-", *outpath = "-";
	bool dry = false, want_stats = false;
	int c, err, ret = 1;

	while ((c = getopt_long(argc, argv, "o:nqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outpath = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 's':
			want_stats = true;
			break;
		case 'W':
			opts.werror = true;
			break;
		case 'q':
			opts.quiet = true;
			break;
		case 'h':
			return usage(stdout);
		default:
			return usage(stderr);
		}
	}
	if (argc - optind > 1)
		return usage(stderr);
	if (optind < argc)
		inpath = argv[optind];
	err = ab_read_file(inpath, &in);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", AB_TOOL, inpath, strerror(-err));
		goto out;
	}
	if (ab_process(strcmp(inpath, "-") ? inpath : "<stdin>", in.data,
		       in.len, &out, &opts, &stats))
		goto out;
	if (want_stats)
		ab_stats_print(stderr, inpath, &stats);
	if (!dry) {
		err = ab_write_file(outpath, &out);
		if (err) {
			fprintf(stderr, "%s: %s: %s\n", AB_TOOL, outpath,
				strerror(-err));
			goto out;
		}
	}
	ret = 0;
out:
	ab_buf_free(&in);
	ab_buf_free(&out);
	return ret;
}
