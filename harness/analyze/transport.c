#include "transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int transport_env(const char *family, struct strvec *env)
{
	if (strcmp(family, "openmpi") == 0)
		return strvec_push(env, "OMPI_MCA_pml_base_verbose=10") ||
		       strvec_push(env, "OMPI_MCA_btl_base_verbose=100") ||
		       strvec_push(env, "UCX_LOG_LEVEL=info") ? -ENOMEM : 0;
	return strvec_push(env, "UCX_LOG_LEVEL=info");
}

/* Is the word w (wlen bytes) an item of the comma list? */
static int transport_has(const char *list, const char *w, size_t wlen)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == wlen && strncmp(p, w, wlen) == 0)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Append word (wlen bytes) to the comma list unless it is there already. */
static void transport_add(char *list, size_t len, const char *w, size_t wlen)
{
	size_t used = strlen(list);

	if (!wlen || transport_has(list, w, wlen) || used + wlen + 2 > len)
		return;
	snprintf(list + used, len - used, "%s%.*s", used ? "," : "", (int)wlen, w);
}

/* Add every item of the comma list text (n bytes) to list. */
static void transport_add_all(char *list, size_t len, const char *text, size_t n)
{
	const char *end = text + n;

	while (text < end) {
		size_t w = strcspn(text, ",");

		if (text + w > end)
			w = (size_t)(end - text);
		transport_add(list, len, text, w);
		text += w + 1;
	}
}

/* "PML:LIST", "PML" or "LIST" into out; names that do not fit are left
 * out whole, never cut. */
static void transport_format(char *out, size_t len, const char *pml, const char *list)
{
	char tmp[512];
	int n;

	for (;;) {
		if (pml[0] && list[0])
			n = snprintf(tmp, sizeof(tmp), "%s:%s", pml, list);
		else
			n = snprintf(tmp, sizeof(tmp), "%s", pml[0] ? pml : list);
		if (n >= 0 && (size_t)n < len) {
			memcpy(out, tmp, (size_t)n + 1);
			return;
		}
		/* Drop the last name of the list (then of the PML part). */
		{
			char *drop = (char *)(list[0] ? list : pml), *comma = strrchr(drop, ',');

			if (comma)
				*comma = '\0';
			else if (drop[0])
				drop[0] = '\0';
			else {
				if (len)
					out[0] = '\0';
				return;
			}
		}
	}
}

/* The length of the evidence word of one UCX lane at tok ("tcp/fab0 ..."):
 * the transport with its device when the device names a network
 * ("tcp/eth0", "rc_mlx5/mlx5_0", the port after ':' left out, since ':'
 * separates Open MPI's PML), the transport alone for shared memory and
 * self, whose devices are "memory" and "memory0" ("cma"). */
static size_t transport_ucx_word(const char *tok)
{
	size_t tl = strcspn(tok, "/ )"), dl;
	const char *dev;

	if (tok[tl] != '/')
		return tl;
	dev = tok + tl + 1;
	dl = strcspn(dev, ": )");
	if (!dl || strncmp(dev, "memory", 6) == 0)
		return tl;
	return tl + 1 + dl;
}

/* Open MPI's TCP BTL names the interfaces it opened a module on
 * ("btl:tcp: examining interface fab0", after its include and exclude
 * lists) and stripes messages over all of them: its "tcp" item becomes
 * "tcp/IF" for each (in list, len bytes). */
static void transport_tcp_devices(char *list, size_t len, const char *ifs)
{
	char out[256] = "";
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 3 && strncmp(p, "tcp", 3) == 0 && ifs[0]) {
			const char *q = ifs;

			while (*q) {
				size_t m = strcspn(q, ",");
				char word[80];

				snprintf(word, sizeof(word), "tcp/%.*s", (int)m, q);
				transport_add(out, sizeof(out), word, strlen(word));
				q += m + (q[m] == ',');
			}
		} else {
			transport_add(out, sizeof(out), p, n);
		}
		p += n + (p[n] == ',');
	}
	snprintf(list, len, "%s", out);
}

int transport_from_log(const char *log_path, char *out, size_t len)
{
	char pml[64] = "", list[256] = "", ifs[128] = "", *line = NULL;
	size_t cap = 0;
	FILE *fp = fopen(log_path, "r");

	out[0] = '\0';
	if (!fp)
		return -errno;
	while (getline(&line, &cap, fp) >= 0) {
		char *p;

		if ((p = strstr(line, "select: component ")) && strstr(p, " selected")) {
			/* Open MPI: which point-to-point layer won. */
			p += strlen("select: component ");
			transport_add(pml, sizeof(pml), p, strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_"));
		} else if ((p = strstr(line, "Using ")) && strstr(p, " btl for send")) {
			size_t n;

			p += strlen("Using ");
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
			if (!(n == 4 && strncmp(p, "self", 4) == 0))
				transport_add(list, sizeof(list), p, n);
		} else if ((p = strstr(line, "btl:tcp: examining interface "))) {
			p += strlen("btl:tcp: examining interface ");
			transport_add(ifs, sizeof(ifs), p, strcspn(p, " \t\r\n,:"));
		} else if ((p = strstr(line, "tag(")) && strstr(line, "ep_cfg")) {
			/* UCX: "ep_cfg[1]: tag(posix/memory cma/memory)" on one
			 * node, "tag(tcp/fab0)" or "tag(rc_mlx5/mlx5_0:1)"
			 * between nodes. */
			char *end = strchr(p, ')'), *tok = p + 4;

			while (end && tok < end) {
				size_t wlen = transport_ucx_word(tok);

				if (wlen && !(wlen == 4 && strncmp(tok, "self", 4) == 0))
					transport_add(list, sizeof(list), tok, wlen);
				tok += strcspn(tok, " )");
				while (*tok == ' ')
					tok++;
			}
		}
	}
	free(line);
	fclose(fp);
	transport_tcp_devices(list, sizeof(list), ifs);
	transport_format(out, len, pml, list);
	return 0;
}

/* Split evidence into its PML part and its list part. */
static void transport_split(const char *ev, const char **pml, size_t *pml_len, const char **list)
{
	const char *colon = strchr(ev, ':');

	*pml = colon ? ev : "";
	*pml_len = colon ? (size_t)(colon - ev) : 0;
	*list = colon ? colon + 1 : ev;
}

void transport_merge(char *out, size_t len, const char *more)
{
	char pml[64] = "", list[256] = "";
	const char *p, *l;
	size_t pn;

	if (!more || !*more)
		return;
	transport_split(out, &p, &pn, &l);
	transport_add_all(pml, sizeof(pml), p, pn);
	transport_add_all(list, sizeof(list), l, strlen(l));
	transport_split(more, &p, &pn, &l);
	transport_add_all(pml, sizeof(pml), p, pn);
	transport_add_all(list, sizeof(list), l, strlen(l));
	transport_format(out, len, pml, list);
}

enum transport_class { TRANSPORT_OTHER, TRANSPORT_SHM, TRANSPORT_FABRIC, TRANSPORT_TCP };

/* Classified by the transport, whatever its device ("tcp/eth0" is tcp). */
static enum transport_class transport_classify(const char *w, size_t n)
{
	static const char *const shm[] = { "sysv", "posix", "cma", "xpmem", "knem", "vader", "sm", "smcuda", "mm", NULL };
	static const char *const fabric[] = { "rc", "rc_mlx5", "rc_verbs", "dc", "dc_mlx5", "ud", "ud_mlx5", "ud_verbs",
					      "ib", "openib", "ofi", "psm", "psm2", "ugni", "uct", "verbs", "gni", "cxi",
					      "efa", NULL };
	const char *slash = memchr(w, '/', n);
	size_t i;

	if (slash)
		n = (size_t)(slash - w);
	if ((n == 3 && strncmp(w, "tcp", 3) == 0) || (n == 7 && strncmp(w, "sockets", 7) == 0))
		return TRANSPORT_TCP;
	for (i = 0; shm[i]; i++)
		if (strlen(shm[i]) == n && strncmp(w, shm[i], n) == 0)
			return TRANSPORT_SHM;
	for (i = 0; fabric[i]; i++)
		if (strlen(fabric[i]) == n && strncmp(w, fabric[i], n) == 0)
			return TRANSPORT_FABRIC;
	return TRANSPORT_OTHER;
}

/* Bit set of the classes of the names in evidence ev. */
static unsigned transport_classes(const char *ev)
{
	const char *pml, *list;
	size_t pn;
	unsigned bits = 0;

	transport_split(ev, &pml, &pn, &list);
	while (*list) {
		size_t n = strcspn(list, ",");

		bits |= 1u << transport_classify(list, n);
		list += n;
		if (*list == ',')
			list++;
	}
	return bits;
}

int transport_is_fallback(const char *native, const char *container)
{
	unsigned n, c;

	if (!native || !container || !*native || !*container)
		return 0;
	/* Names of no known class (a PML alone, "ucx") prove nothing. */
	n = transport_classes(native) & ~(1u << TRANSPORT_OTHER);
	c = transport_classes(container) & ~(1u << TRANSPORT_OTHER);
	if (!n || !c)
		return 0;
	return ((n & (1u << TRANSPORT_SHM)) && !(c & (1u << TRANSPORT_SHM))) ||
	       ((n & (1u << TRANSPORT_FABRIC)) && !(c & (1u << TRANSPORT_FABRIC)));
}
