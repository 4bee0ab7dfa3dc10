#include "unit.h"
#include "mail/mail.h"

static void check_body(const char *cte, const char *in, const char *want)
{
	const char *why = "unset";
	size_t len = 0;
	char *out = vg_mail_decode_body(cte, in, strlen(in), &len, &why);

	assert_non_null(out);
	assert_null(why);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void test_quoted_printable(void **state)
{
	(void)state;
	check_body("quoted-printable", "a =3D b;\n", "a = b;\n");
	/* a soft break joins two lines; a hard one stays */
	check_body("Quoted-Printable", "VMSTATE_UINT32(ct=\nrl, FooState),\nx\n",
		   "VMSTATE_UINT32(ctrl, FooState),\nx\n");
	/* CRLF lines, and the blanks a mailer adds at a line's end */
	check_body("quoted-printable", "one  \r\ntwo\t\r\n", "one\ntwo\n");
	/* UTF-8 in two bytes; lower-case hex is accepted */
	check_body("quoted-printable", "C=C3=a9dric\n", "C\xc3\xa9" "dric\n");
	/* a lone '=' that is no escape is kept, like a robust reader does */
	check_body("quoted-printable", "x =zz\n", "x =zz\n");
	/* no final newline */
	check_body("quoted-printable", "end", "end");
	check_body("quoted-printable", "", "");
}

static void test_base64(void **state)
{
	const char *why = NULL;
	size_t len;

	(void)state;
	check_body("base64", "aGVsbG8K\n", "hello\n");
	check_body("BASE64", "aGVs\r\nbG8gd29y\nbGQ=\n", "hello world");
	check_body("base64", "", "");
	assert_null(vg_mail_decode_body("base64", "aGV%bG8K", 8, &len, &why));
	assert_string_equal(why, "a character that is not base64");
}

static void test_cte_encoded(void **state)
{
	(void)state;
	assert_true(vg_mail_cte_encoded("quoted-printable"));
	assert_true(vg_mail_cte_encoded("Base64"));
	assert_false(vg_mail_cte_encoded("8bit"));
	assert_false(vg_mail_cte_encoded("7bit"));
	assert_false(vg_mail_cte_encoded(NULL));
}

static void check_words(const char *in, const char *want)
{
	char *out = vg_mail_decode_words(in);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_encoded_words(void **state)
{
	(void)state;
	check_words(" [PATCH] plain subject", " [PATCH] plain subject");
	check_words("=?UTF-8?q?hw/misc:_C=C3=A9dric?=", "hw/misc: C\xc3\xa9" "dric");
	check_words("=?utf-8?B?aMOpbGxv?=", "h\xc3\xa9llo");
	/* blanks between two encoded words go; around plain text they stay */
	check_words("a =?UTF-8?q?b?= \t =?UTF-8?q?c?= d", "a bc d");
	/* malformed words are kept as written */
	check_words("=?UTF-8?x?abc?=", "=?UTF-8?x?abc?=");
	check_words("=?UTF-8?q?a b?=", "=?UTF-8?q?a b?=");
	check_words("=?UTF-8?q?unterminated", "=?UTF-8?q?unterminated");
	check_words("x =? y", "x =? y");
	check_words("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_cte_encoded),
		cmocka_unit_test(test_encoded_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
