/* image: what a container image says about itself. Its kind (Charliecloud
 * directory, SquashFS, Apptainer SIF) and its labels: /ch/metadata.json
 * "labels" and /etc/parity/labels (KEY=VALUE) in a directory image,
 * `apptainer inspect --labels` for a SIF when apptainer is installed,
 * `unsquashfs -cat` for a SquashFS image.
 *
 * Labels are kept as "KEY=VALUE" strings. Functions return 0 or a negative
 * errno code (-EINVAL: malformed input, -ENOENT: no such image). */
#ifndef PARITY_IMAGE_H
#define PARITY_IMAGE_H

#include <stddef.h>

#include "core/strvec.h"

enum image_kind { IMAGE_DIR, IMAGE_SQUASHFS, IMAGE_SIF, IMAGE_UNKNOWN };

/* Kind of the image at path; -ENOENT when it does not exist. */
int image_kind(const char *path, enum image_kind *kind);
const char *image_kind_name(enum image_kind kind);

/* Labels from the text of a Charliecloud metadata.json (the top-level
 * "labels" object; string values only, others are an error), read with
 * jansson (at most 2048 levels deep; of a key given twice, the last). */
int image_labels_parse_json(const char *text, struct strvec *labels);
/* Labels from KEY=VALUE lines ('#' comments and blank lines allowed). */
int image_labels_parse_kv(const char *text, struct strvec *labels);
/* Labels from `apptainer inspect --labels` output ("KEY: VALUE" lines). */
int image_labels_parse_apptainer(const char *text, struct strvec *labels);
/* All labels of an image (keys found first win: metadata.json before
 * /etc/parity/labels). 0 with no labels when the image has none; -ENOTSUP
 * when its kind cannot be read here (a SIF without apptainer). */
int image_labels_read(const char *path, struct strvec *labels);
/* Value of key in labels, or NULL. */
const char *image_label(const struct strvec *labels, const char *key);

/* From a list such as "mpich:12,openmpi:40" or "mpich=4.0.2,openmpi=4.1.4",
 * copy the value for `key` (separator ':' or '=') into out. -ENOENT when
 * the key is absent. */
int image_list_value(const char *list, const char *key, char *out, size_t len);

#endif
