/*
 * Debian's own libcrypto.so.3 (OpenSSL 3), found through DT_NEEDED:
 * digests, AES-256-GCM, HMAC, the random generator and a modular
 * exponentiation.  Built twice by tests/guest/crypto.test: as an osv
 * application and as a host program linked to the same library, whose
 * "crypto " lines the guest's must match.  Which code libcrypto runs
 * depends on what CPUID reports (its own dispatch, done when it is
 * loaded), so the guest under TCG and the host may take different
 * paths to the same results; the "cpu " lines say which.
 */
#include <cpuid.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define BIG (1u << 20)

/*
 * OpenSSL allocates through these, so the program can count what it
 * keeps: a thread's state must be freed when the thread ends, and all
 * of it at exit.
 */
static long live_blocks;
static int exiting;
static long freed_at_exit;

static void *counting_malloc(size_t n, const char *file, int line)
{
	(void)file, (void)line;
	void *p = malloc(n);
	if (p)
		__atomic_add_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
	return p;
}

static void *counting_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file, (void)line;
	void *q = realloc(p, n);
	if (q && !p)
		__atomic_add_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
	return q;
}

static void counting_free(void *p, const char *file, int line)
{
	(void)file, (void)line;
	if (!p)
		return;
	__atomic_sub_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
	if (exiting)
		__atomic_add_fetch(&freed_at_exit, 1, __ATOMIC_RELAXED);
	free(p);
}

/*
 * Registered before libcrypto registers its own clean-up (at its first
 * initialisation), so it runs after it: handlers run last in, first out.
 */
static void after_openssl_cleanup(void)
{
	printf("crypto at exit: OpenSSL's clean-up %s, %s\n",
	       freed_at_exit > 0 ? "ran" : "DID NOT RUN",
	       live_blocks == 0 ? "nothing left" : "BLOCKS LEFT");
}

static void before_openssl_cleanup(void)
{
	exiting = 1;
}

static void print_hex(const char *what, const unsigned char *p, size_t n)
{
	printf("crypto %s: ", what);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static void fill(unsigned char *buf, size_t n)
{
	unsigned long x = 2026;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ul + 1442695040888963407ul;
		buf[i] = (unsigned char)(x >> 56);
	}
}

static int digest(const char *name, const void *data, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	const EVP_MD *type = EVP_get_digestbyname(name);
	if (!type || !EVP_Digest(data, n, md, &len, type, NULL)) {
		printf("crypto %s: failed\n", name);
		return 1;
	}
	char what[64];
	snprintf(what, sizeof what, "%s of %zu bytes", name, n);
	print_hex(what, md, len);
	return 0;
}

/* Returns the ciphertext's length, or -1; tag gets 16 bytes. */
static int gcm(int encrypt, const unsigned char *key, const unsigned char *iv,
	       const unsigned char *in, int n, unsigned char *out,
	       unsigned char *tag)
{
	static const unsigned char aad[] = "osv associated data";
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0,
	    ok = ctx &&
		 EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv,
				   encrypt) &&
		 EVP_CipherUpdate(ctx, NULL, &len, aad, sizeof aad) &&
		 EVP_CipherUpdate(ctx, out, &len, in, n);
	if (ok && !encrypt)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag);
	ok = ok && EVP_CipherFinal_ex(ctx, out + len, &fin);
	if (ok && encrypt)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? len + fin : -1;
}

static int aes_gcm(const unsigned char *data, int n)
{
	unsigned char key[32], iv[12], tag[16];
	unsigned char *sealed = malloc(n + 16), *opened = malloc(n + 16);
	if (!sealed || !opened)
		return 1;
	fill(key, sizeof key);
	memcpy(iv, "osv-gcm-iv12", sizeof iv);
	int len = gcm(1, key, iv, data, n, sealed, tag);
	printf("crypto aes-256-gcm seal: %d bytes\n", len);
	print_hex("aes-256-gcm tag", tag, sizeof tag);
	print_hex("aes-256-gcm first ciphertext bytes", sealed, 16);
	int back = gcm(0, key, iv, sealed, len, opened, tag);
	printf("crypto aes-256-gcm open: %d bytes, %s\n", back,
	       back == n && memcmp(opened, data, n) == 0 ? "identical"
							 : "DIFFERENT");
	tag[5] ^= 1;
	printf("crypto aes-256-gcm open with a wrong tag: %s\n",
	       gcm(0, key, iv, sealed, len, opened, tag) < 0 ? "refused"
							     : "ACCEPTED");
	free(sealed);
	free(opened);
	return 0;
}

static void hmac(const unsigned char *data, size_t n)
{
	static const char key[] = "osv hmac key";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!HMAC(EVP_sha256(), key, sizeof key - 1, data, n, md, &len))
		puts("crypto hmac-sha256: failed");
	else
		print_hex("hmac-sha256", md, len);
}

static int nonzero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 1;
	return 0;
}

static void random_bytes(void)
{
	unsigned char a[32], b[32];
	int ra = RAND_bytes(a, sizeof a), rb = RAND_bytes(b, sizeof b);
	printf("crypto RAND_bytes: %d %d, %s, %s\n", ra, rb,
	       memcmp(a, b, sizeof a) ? "distinct" : "THE SAME",
	       nonzero(a, sizeof a) && nonzero(b, sizeof b) ? "non-zero"
							    : "ZERO");
}

/* 3^(2^255 - 19 - 2) mod 2^255 - 19: the inverse of 3 there. */
static void modexp(void)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p = BN_new(), *e = BN_new(), *r = BN_new(), *three = BN_new();
	BIGNUM *check = BN_new();
	int ok = ctx && p && e && r && three && check && BN_one(p) &&
		 BN_lshift(p, p, 255) && BN_sub_word(p, 19) && BN_copy(e, p) &&
		 BN_sub_word(e, 2) && BN_set_word(three, 3) &&
		 BN_mod_exp(r, three, e, p, ctx) &&
		 BN_mod_mul(check, r, three, p, ctx);
	char *hex = ok ? BN_bn2hex(r) : NULL;
	printf("crypto modexp: %s, times 3 is %s\n", hex ? hex : "failed",
	       ok && BN_is_one(check) ? "one" : "NOT ONE");
	OPENSSL_free(hex);
	BN_free(p), BN_free(e), BN_free(r), BN_free(three), BN_free(check);
	BN_CTX_free(ctx);
}

/*
 * Each thread gets its own random generator, which OpenSSL keeps in
 * thread-local storage (pthread_key_create) and frees when the thread
 * ends (the key's destructor).
 */
static void *rand_thread(void *arg)
{
	unsigned char *out = arg;
	for (int i = 0; i < 64; i++)
		if (RAND_bytes(out, 32) != 1)
			return "RAND_bytes failed";
	unsigned char md[32];
	unsigned int len;
	return EVP_Digest(out, 32, md, &len, EVP_sha256(), NULL)
		   ? NULL
		   : "digest failed";
}

static void threads(void)
{
	enum { N = 4 };
	pthread_t t[N];
	unsigned char out[N][32];
	const char *problem = NULL;
	int started = 0;
	long live_before = live_blocks;
	for (; started < N; started++)
		if (pthread_create(&t[started], NULL, rand_thread,
				   out[started]))
			break;
	for (int i = 0; i < started; i++) {
		void *r;
		pthread_join(t[i], &r);
		if (r)
			problem = r;
	}
	int distinct = 1;
	for (int i = 0; i < started; i++)
		for (int j = i + 1; j < started; j++)
			distinct &= memcmp(out[i], out[j], 32) != 0;
	printf("crypto %d threads: %s, %s\n", started, problem ? problem : "ok",
	       distinct ? "distinct" : "THE SAME");
	printf("crypto their thread-local state: %s\n",
	       live_blocks == live_before ? "freed as they ended" : "LEFT");
}

/*
 * MD4 lives in the legacy provider, a module that libcrypto opens with
 * dlopen from the directory it was built for (its MODULESDIR).
 */
static void legacy(void)
{
	OSSL_PROVIDER *p = OSSL_PROVIDER_load(NULL, "legacy");
	printf("crypto legacy provider: %s\n", p ? "loaded" : "NOT LOADED");
	EVP_MD *md4 = p ? EVP_MD_fetch(NULL, "MD4", NULL) : NULL;
	unsigned char md[16];
	unsigned int len = 0;
	if (md4 && EVP_Digest("abc", 3, md, &len, md4, NULL))
		print_hex("MD4 of 3 bytes", md, len);
	else
		puts("crypto MD4: failed");
	EVP_MD_free(md4);
	OSSL_PROVIDER_unload(p);
}

/* A self-signed certificate for name, with a new P-256 key. */
static X509 *self_signed(EVP_PKEY **key, const char *name)
{
	*key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *cert = X509_new();
	if (!*key || !cert)
		return NULL;
	X509_NAME *subject = X509_get_subject_name(cert);
	int ok = X509_set_version(cert, X509_VERSION_3) &&
		 ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) &&
		 X509_gmtime_adj(X509_getm_notBefore(cert), -60) &&
		 X509_gmtime_adj(X509_getm_notAfter(cert), 3600) &&
		 X509_set_pubkey(cert, *key) &&
		 X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
					    (const unsigned char *)name, -1, -1,
					    0) &&
		 X509_set_issuer_name(cert, subject) &&
		 X509_sign(cert, *key, EVP_sha256());
	if (!ok) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

/*
 * libssl: a TLS client and server in one thread, joined by a pair of
 * memory BIOs; the client trusts the server's certificate alone and
 * checks its name.
 */
static void tls(void)
{
	EVP_PKEY *key = NULL;
	X509 *cert = self_signed(&key, "osv.test");
	SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
	SSL *server = NULL, *client = NULL;
	BIO *cbio = NULL, *sbio = NULL;
	int ok = cert && sctx && cctx && SSL_CTX_use_certificate(sctx, cert) &&
		 SSL_CTX_use_PrivateKey(sctx, key) &&
		 X509_STORE_add_cert(SSL_CTX_get_cert_store(cctx), cert) &&
		 (server = SSL_new(sctx)) && (client = SSL_new(cctx)) &&
		 SSL_set1_host(client, "osv.test") &&
		 BIO_new_bio_pair(&cbio, 0, &sbio, 0);
	if (!ok) {
		puts("crypto tls: setup failed");
		goto out;
	}
	SSL_set_verify(client, SSL_VERIFY_PEER, NULL);
	SSL_set_bio(client, cbio, cbio);
	SSL_set_bio(server, sbio, sbio);
	SSL_set_connect_state(client);
	SSL_set_accept_state(server);
	int c = 0, s = 0;
	for (int round = 0; round < 20 && (c != 1 || s != 1); round++) {
		if (c != 1)
			c = SSL_do_handshake(client);
		if (s != 1)
			s = SSL_do_handshake(server);
	}
	printf("crypto tls handshake: %s, %s, %s\n",
	       c == 1 && s == 1 ? "done" : "FAILED", SSL_get_version(client),
	       SSL_get_cipher_name(client));
	printf("crypto tls certificate: %s\n",
	       X509_verify_cert_error_string(SSL_get_verify_result(client)));
	static const char hello[] = "hello from the client";
	char got[64] = "";
	int wrote = SSL_write(client, hello, sizeof hello);
	int read = SSL_read(server, got, sizeof got - 1);
	printf("crypto tls data: %d bytes sent, %d received, %s\n", wrote, read,
	       read == (int)sizeof hello && !memcmp(got, hello, sizeof hello)
		   ? "identical"
		   : "DIFFERENT");
out:
	SSL_free(client);
	SSL_free(server);
	SSL_CTX_free(cctx);
	SSL_CTX_free(sctx);
	X509_free(cert);
	EVP_PKEY_free(key);
}

static void cpu(void)
{
	unsigned a, b, c, d;
	__cpuid(1, a, b, c, d);
	printf("cpu aes-ni: %s, pclmulqdq: %s, avx: %s\n",
	       c & bit_AES ? "yes" : "no", c & bit_PCLMUL ? "yes" : "no",
	       c & bit_AVX ? "yes" : "no");
	__cpuid_count(7, 0, a, b, c, d);
	printf("cpu avx2: %s, sha-ni: %s\n", b & bit_AVX2 ? "yes" : "no",
	       b & bit_SHA ? "yes" : "no");
}

int main(void)
{
	if (!CRYPTO_set_mem_functions(counting_malloc, counting_realloc,
				      counting_free) ||
	    atexit(after_openssl_cleanup)) {
		puts("crypto: cannot count allocations");
		return 1;
	}
	unsigned char *big = malloc(BIG);
	if (!big) {
		puts("crypto: no memory");
		return 1;
	}
	fill(big, BIG);
	cpu();
	printf("crypto version: %s\n", OpenSSL_version(OPENSSL_VERSION));
	int failed = digest("SHA256", "abc", 3) + digest("SHA512", "abc", 3) +
		     digest("SHA256", big, BIG) + digest("SHA512", big, BIG) +
		     aes_gcm(big, 65536 + 7);
	hmac(big, 4096);
	random_bytes();
	modexp();
	threads();
	legacy();
	tls();
	atexit(before_openssl_cleanup);
	puts("crypto done");
	free(big);
	return failed;
}
