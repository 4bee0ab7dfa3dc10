#include "matrix/matrix.h"
int vg_matrix_write_html(FILE *out, const struct vg_matrix *m)
{
	return vg_matrix_write_md(out, m);
}
