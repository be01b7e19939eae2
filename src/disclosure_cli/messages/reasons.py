"""Why a file cannot be read (finding E003): each reason shown inside the E003 message, in zh and en."""

from __future__ import annotations

REASONS: dict[str, tuple[str, str]] = {
    "empty": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "missing": ("文件不存在或无法打开", "the file does not exist or cannot be opened"),
    "truncated": ("文件已损坏或不完整（可能下载未完成），请重新获取", "the file is corrupt or truncated (an incomplete download?): get it again"),
    "encrypted": ("文件已加密（设置了打开密码），请取消密码后重新提交", "the file is encrypted (it has an open password): remove the password and submit it again"),
    "xml2003": ("文件是 Excel 2003 XML 表格，请另存为 .xlsx", "the file is an Excel 2003 XML spreadsheet: save it as .xlsx"),
    "mhtml": ("文件是单个网页文件（MHTML），请另存为 .xlsx", "the file is a single-file web page (MHTML): save it as .xlsx"),
    "word": ("文件是本工具不能读取的文字处理文档（RTF 或 ODT），请在 Word/WPS 中另存为 .docx", "the file is a word-processor document this tool cannot read (RTF or ODT): save it as .docx in Word/WPS"),
    "scanned": ("PDF 没有文字层（可能是扫描件）：{pages} 页中只有 {chars} 个可读字符；请提供带文字的 PDF，或 Word、网页、表格版本",
                "the PDF has no text layer (a scan?): {chars} readable character(s) on {pages} page(s); provide a PDF "
                "with text, or the Word, web page or workbook version"),
    "zip": ("文件是压缩包但不是工作簿", "the file is a zip archive but not a workbook"),
    "unknown": ("无法识别的文件格式", "the file format is not recognised"),
    "too_large": ("文件或其中的表格过大（超出安全限制）", "the file or a sheet in it is too large (over the safety limits)"),
    "too_many_cells": ("工作表“{sheet}”的使用范围过大（延伸到 {ref}，可能有远处的单元格），请删除多余的行列后重新保存",
                       "sheet “{sheet}” has too large a used range (it reaches {ref}: a far-away cell?): delete the extra rows and columns and save again"),
    "too_many_cells_book": ("各工作表的使用范围合计超过上限 {limit} 个单元格（可能有远处的单元格或大量空行空列），请删除多余的行列后重新保存",
                            "the sheets' used ranges add up to more than the limit of {limit} cells (far-away cells, "
                            "or many empty rows and columns?): delete the extra rows and columns and save again"),
    "too_many_sheets": ("工作簿有 {count} 个工作表，超过上限 {limit} 个", "the workbook has {count} sheets, over the limit of {limit}"),
    "too_much_text": ("单元格中的文字合计超过上限 {limit} 个字符（同一段长文字被大量单元格引用，或单元格被大量重复？）",
                      "the text the cells hold adds up to more than the limit of {limit} characters (one long text "
                      "used by many cells, or cells repeated many times?)"),
    "too_many_strings": ("共享字符串表声明有 {count} 个字符串，超过上限 {limit} 个",
                         "the shared-strings table declares {count} strings, over the limit of {limit}"),
    "too_many_merged": ("合并单元格覆盖的单元格超过上限 {limit} 个，请取消多余的合并后重新保存",
                        "merged cells cover more than the limit of {limit} cells: unmerge the extra ranges and save "
                        "again"),
    "bad_date": ("工作表“{sheet}”第 {row} 行有超出范围的日期或时长（可能是把很大的数字设成了日期/时间格式），请改为数值格式后重新保存",
                 "a date or duration out of any calendar's range in sheet “{sheet}”, row {row} (a large number "
                 "formatted as a date or time?): format it as a number and save again"),
    "failed": ("读取该文件时出错（{detail}），文件可能已损坏或被恶意构造；其余文件照常处理",
               "reading this file failed ({detail}): it may be corrupt or crafted; the other files were read as usual"),
    "bomb": ("文件中的压缩内容展开后超出其声明的大小（疑似“压缩炸弹”），已拒绝读取",
             "a compressed part inflates beyond its declared size (a zip bomb?) and was refused"),
    "unsafe_xml": ("文件含有不安全的 XML 结构，已拒绝读取", "the file contains unsafe XML constructs and was refused"),
    "no_sheets": ("工作簿中没有工作表", "the workbook has no sheets"),
    "parse": ("文件内容无法解析：{detail}", "the file's content cannot be parsed: {detail}"),
    "crashed": ("读取该文件时解析程序异常退出（文件可能已损坏或被恶意构造），已跳过，其余文件照常处理",
                "the parser crashed reading this file (it may be corrupt or crafted): skipped, the other files "
                "were read as usual"),
    "timeout": ("读取超时（文件可能异常）", "reading timed out (the file may be malformed)"),
    "too_deep": ("文件的结构嵌套过深（超出安全限制），已拒绝读取", "the file's structure is nested too deep (over the safety limits) and was refused"),
    "encoding": ("文本的编码无法识别（不是 UTF-8，也不是 GBK/GB18030），请另存为 UTF-8 编码", "the text's encoding is not recognised (neither UTF-8 nor GBK/GB18030): save it as UTF-8"),
    "not_docx": ("文件是压缩包但不是 Word 文档", "the file is a zip archive but not a Word document"),
    "doc_old": ("文件是旧版 Word 文档（.doc），请在 Word/WPS 中另存为 .docx", "the file is an old Word document (.doc): save it as .docx in Word/WPS"),
    "not_summary": ("不是 disclosure compile 生成的汇总文件（{detail}）",
                    "not a summary written by disclosure compile ({detail})"),
}
