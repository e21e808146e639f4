/* Benchmark peer for scripts/bench: writes the rows of a roster CSV (as scripts/bench.py makes it:
 * no quoted fields) to an xlsx with Debian's libxlsxwriter in constant_memory mode, typing the
 * columns as sheetflow convert does: IDs and phone numbers as text with "@", dates as dates,
 * numbers as numbers. Build: cc -O2 bench-libxlsxwriter.c -lxlsxwriter */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s in.csv out.xlsx\n", argv[0]); return 2; }
    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 1; }
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *workbook = workbook_new_opt(argv[2], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "roster");
    lxw_format *header = workbook_add_format(workbook);
    format_set_bold(header);
    lxw_format *text = workbook_add_format(workbook);
    format_set_num_format(text, "@");
    lxw_format *date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_freeze_panes(sheet, 1, 0);

    static char line[1 << 16];
    lxw_row_t row = 0;
    while (fgets(line, sizeof line, in)) {
        size_t length = strlen(line);
        while (length && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = 0;
        if (row == 0 && (unsigned char)line[0] == 0xEF) memmove(line, line + 3, length - 2);
        char *fields[16];
        int count = 0;
        char *cursor = line;
        fields[count++] = cursor;
        while ((cursor = strchr(cursor, ',')) && count < 16) { *cursor++ = 0; fields[count++] = cursor; }
        for (int column = 0; column < count; column++) {
            const char *value = fields[column];
            if (!*value) continue;
            if (row == 0) { worksheet_write_string(sheet, row, column, value, header); continue; }
            switch (column) {
            case 0: case 10:
                worksheet_write_number(sheet, row, column, strtod(value, NULL), NULL);
                break;
            case 3: case 9:
                worksheet_write_string(sheet, row, column, value, text);
                break;
            case 4: case 7: {
                lxw_datetime when = {0};
                sscanf(value, "%d-%d-%d", &when.year, &when.month, &when.day);
                worksheet_write_datetime(sheet, row, column, &when, date);
                break;
            }
            default:
                worksheet_write_string(sheet, row, column, value, NULL);
            }
        }
        row++;
    }
    fclose(in);
    return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
