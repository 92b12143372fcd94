"""Write the case documents' Word templates (``nda.docx``, ``contract_draft.docx``).

The templates are the product's own files, committed beside this script; run it after
changing their text: ``python -m techbridge.cooperation.document_templates.make_templates``.
Fields in ``{{ }}`` are filled by ``cooperation.documents`` (docxtpl, Jinja syntax); a
paragraph that holds only ``{%p ... %}`` is a loop or condition over whole paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
#: A serif CJK face Word and LibreOffice both know (the reader's substitute otherwise).
CJK_FONT = "SimSun"
LATIN_FONT = "Times New Roman"

PARTIES = [
    ("对接项目编号 Case No.", "{{ case_number }}"),
    ("日期 Date", "{{ date }}"),
    ("甲方（委托方）Party A (Client)", "{{ enterprise }}"),
    ("乙方（承接方）Party B (Contractor)", "{{ contractor }}"),
    ("{%tr if expert %}", ""),
    ("乙方专家 Expert", "{{ expert }}"),
    ("{%tr endif %}", ""),
    ("项目 Subject", "{{ need_title }}"),
]

NDA_SECTIONS = [
    (
        "一、保密信息 Confidential Information",
        [
            "本协议所称保密信息，指一方在“{{ need_title }}”合作洽谈与实施过程中向另一方披露的"
            "技术资料、需求说明、工艺参数、试验数据、商业信息及其他标明或可合理认定为保密的信息。",
        ],
    ),
    (
        "二、保密义务 Obligations",
        [
            "接收方仅为评估和实施本项合作使用保密信息，不得向第三方披露；"
            "接收方应以不低于保护自身同类信息的谨慎程度保护保密信息。",
            "下列信息不属于保密信息：已公开的信息；接收方在披露前已合法掌握的信息；"
            "接收方从有权披露的第三方合法获得的信息。",
        ],
    ),
    (
        "三、期限 Term",
        [
            "本协议自双方签字盖章之日起生效，保密义务在合作结束后继续有效 {{ term_years }} 年。",
        ],
    ),
    (
        "四、争议解决 Governing Law and Disputes",
        [
            "本协议适用中华人民共和国法律。因本协议产生的争议，双方应友好协商解决；"
            "协商不成的，提交甲方所在地有管辖权的人民法院诉讼解决。",
        ],
    ),
]

CONTRACT_SECTIONS = [
    (
        "一、项目内容 Scope of Work",
        [
            "乙方接受甲方委托，就“{{ need_title }}”开展技术开发，"
            "按本合同约定的里程碑向甲方交付研究成果。",
        ],
    ),
    (
        "二、合同金额与期限 Value and Term",
        [
            "合同金额：{{ value }}。",
            "履行期限：{{ period }}。",
        ],
    ),
    (
        "三、里程碑 Milestones",
        [
            "{%p for m in milestones %}",
            "{{ loop.index }}. {{ m.title }}（{{ m.due_on }}，{{ m.amount }}）",
            "{%p endfor %}",
            "{%p if not milestones %}",
            "里程碑由双方在签约前商定。",
            "{%p endif %}",
        ],
    ),
    (
        "四、知识产权 Intellectual Property",
        [
            "履行本合同所产生的知识产权归属及使用方式，由双方在正式合同中约定；"
            "未约定的，依照《中华人民共和国民法典》技术合同编的规定处理。",
        ],
    ),
    (
        "五、验收与付款 Acceptance and Payment",
        [
            "每一里程碑完成后，甲方应在收到交付物之日起三十日内组织验收并签署验收文件；"
            "验收通过后按约定支付对应款项。",
        ],
    ),
]


def _styled(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(11)
    fonts = style.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _write(
    name: str, title: str, subtitle: str, sections: list[tuple[str, list[str]]], footer: str
) -> Path:
    document = Document()
    _styled(document)
    heading = document.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lead = document.add_paragraph(subtitle)
    lead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in PARTIES:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    for head, paragraphs in sections:
        document.add_heading(head, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.add_heading("签署 Signatures", level=1)
    document.add_paragraph(footer)
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = "甲方 Party A：{{ enterprise }}"
    signatures.cell(0, 1).text = "乙方 Party B：{{ contractor }}"
    signatures.cell(1, 0).text = "签字盖章 Signature / Seal：\n日期 Date："
    signatures.cell(1, 1).text = "签字盖章 Signature / Seal：\n日期 Date："
    path = HERE / name
    document.save(str(path))
    return path


def main() -> None:
    _write(
        "nda.docx",
        "保密协议 Non-Disclosure Agreement",
        "经 TechBridge 技术桥平台对接 · Brokered through TechBridge",
        NDA_SECTIONS,
        "本协议一式两份，双方各执一份，具有同等法律效力。",
    )
    _write(
        "contract_draft.docx",
        "技术开发合同（草案）Technology Development Contract (Draft)",
        "草案，供双方商定，不具约束力 · A draft for negotiation, not binding",
        CONTRACT_SECTIONS,
        "本草案经双方确认后，以正式签署的合同为准。",
    )


if __name__ == "__main__":
    main()
