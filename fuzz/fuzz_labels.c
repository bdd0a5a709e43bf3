/* Image metadata: the labels of /ch/metadata.json (jansson), of
 * /etc/parity/labels (KEY=VALUE) and of `apptainer inspect --labels`.
 * Property checked: every label is "KEY=VALUE" and image_label finds it. */
#include "bind/image.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_labels_check(const struct strvec *labels)
{
	size_t i;

	for (i = 0; i < labels->n; i++) {
		char key[256];
		const char *eq = strchr(labels->v[i], '=');

		if (!eq)
			abort();
		if ((size_t)(eq - labels->v[i]) < sizeof(key)) {
			memcpy(key, labels->v[i], (size_t)(eq - labels->v[i]));
			key[eq - labels->v[i]] = '\0';
			if (!image_label(labels, key))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int (*const parsers[])(const char *, struct strvec *) = {
		image_labels_parse_json, image_labels_parse_kv, image_labels_parse_apptainer,
	};
	char *text = fuzz_text(data, size), out[64];
	size_t i;

	for (i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		struct strvec labels = { 0 };

		if (parsers[i](text, &labels) == 0)
			fuzz_labels_check(&labels);
		strvec_free(&labels);
	}
	image_list_value(text, "mpich", out, sizeof(out));
	free(text);
	return 0;
}
