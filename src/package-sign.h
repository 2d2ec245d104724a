/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_PACKAGE_SIGN_H
#define KBP_PACKAGE_SIGN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An OpenPGP signing key checked with gpg before anything is written.
 * The passphrase, when read from --passphrase-fd, stays in locked memory
 * and reaches each gpg through a pipe (--passphrase-fd), never through
 * argv, the environment or a log.
 */
struct signer {
	char *key;		/* key id as the user gave it */
	char *fingerprint;
	char *passphrase;	/* NULL when gpg-agent supplies it */
	size_t passphrase_len;
};

int signer_open(struct signer *s, const char *key, int passphrase_fd);
int signer_check_key(const char *key);
int signer_passphrase_pipe(const struct signer *s, int copies);
char *signer_gpg_path(void);
char *signer_gpg_options(const struct signer *s, int fd);
int signer_sign_file(const struct signer *s, const char *mode, const char *in, const char *out);
int signer_check_key_listing(const char *listing, const char *key, char **fingerprint);
void signer_close(struct signer *s);

#endif
