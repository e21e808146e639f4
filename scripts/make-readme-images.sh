#!/usr/bin/env bash
# Renders the README's pictures from the demo's real outputs: the validation report of August's
# civil-affairs list (its 校验结果 form and the annotated list), October's filled ledger (附表6)
# and statistics table (附表10) — the pages a clerk prints most — via LibreOffice
# headless (xlsx → PDF) and pdftoppm (PDF page → PNG). Needs: apt-get install libreoffice-calc-nogui poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product sheetflow >/dev/null
summary=$(.build/debug/sheetflow demo "$work/demo")
august=$(find "$work/demo/outbox" -name '低保特困人员名单-2026年8月-校验报告.xlsx')
# October's complete set: the one the demo names (written after the month's last file).
october="$(sed -n 's/^十月的全部报表：//p' <<<"$summary")"
render() {  # workbook, text that starts the page wanted, output name
  soffice -env:UserInstallation="file://$work/lo" --headless --convert-to pdf --outdir "$work" "$1" >/dev/null 2>&1
  local pdf="$work/$(basename "${1%.xlsx}").pdf" page=1
  local pages; pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  until [[ "$(pdftotext -f "$page" -l "$page" "$pdf" -)" == *"$2"* ]]; do
    page=$((page + 1))
    (( page <= pages )) || { echo "no page with “$2” in $1" >&2; exit 1; }
  done
  pdftoppm -png -r 80 -f "$page" -l "$page" -singlefile "$pdf" "docs/images/$3"
}
render "$august" "名单校验结果" 校验结果                     # the 校验结果 form, first page
render "$august" "武江区低保对象、特困人员名单" 校验报告   # the annotated list (after the 校验结果 sheet)
render "${october}附件2-贫困人员参加养老保险情况台账.xlsx" "低保对象参加养老保险情况台账" 台账       # 附表6, first page
render "${october}附件3-贫困人员参加养老保险情况统计表.xlsx" "低保对象参加养老保险情况统计表" 统计表   # 附表10
ls -l docs/images
