"""ENT (named-entity) checks: table-driven cases per finding type, the NATO expectations, the entity table and
the user allowlist."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.entities.gazetteer import load_allowlist
from mtqa.entities.kana import katakana_text, normalise, similarity
from mtqa.errors import UsageError
from mtqa.pipeline import check_files, check_texts

ROOT = Path(__file__).resolve().parent.parent
NE = Config(select=("ENT",))

# (case id, source, target, codes that must fire, codes that must not fire)
CASES = [
    ("missing-person",
     "U.S. Gen. Dan Caine met Ukrainian officials on Tuesday.",
     "米国の将軍は火曜日にウクライナ当局者と会談した。",
     {"ENT001"}, {"ENT002", "ENT005"}),
    ("person-present",
     "U.S. Gen. Dan Caine met Ukrainian officials on Tuesday.",
     "米国のダン・ケイン将軍は火曜日にウクライナ当局者と会談した。",
     set(), {"ENT001", "ENT002", "ENT005", "ENT006"}),
    ("mistransliterated",
     "Ukrainian President Volodymyr Zelensky spoke on Monday.",
     "ウクライナのヴォルディーミー・ゼレンスキー大統領は月曜日に演説した。",
     {"ENT002"}, {"ENT001"}),
    ("standard-transliteration",
     "Ukrainian President Volodymyr Zelensky spoke on Monday.",
     "ウクライナのウォロディミル・ゼレンスキー大統領は月曜日に演説した。",
     set(), {"ENT001", "ENT002"}),
    ("inconsistent",
     "Russian Foreign Minister Sergei Lavrov spoke on Monday.\n\"This will not work,\" Lavrov said."
     "\nLavrov added that talks would continue.\nLavrov did not say more.",
     "ロシアのセルゲイ・ラヴロフ外相は月曜日に演説した。\n「これはうまくいかない」とラヴロフは述べた。"
     "\nラブロフは協議が続くと付け加えた。\nラヴロフはそれ以上語らなかった。",
     {"ENT003"}, {"ENT002"}),
    ("consistent",
     "Russian Foreign Minister Sergei Lavrov spoke on Monday.\n\"This will not work,\" Lavrov said.",
     "ロシアのセルゲイ・ラブロフ外相は月曜日に演説した。\n「これはうまくいかない」とラブロフは述べた。",
     set(), {"ENT003", "ENT002"}),
    ("outdated-name",
     "Russian drones attacked Kyiv overnight.",
     "ロシアの無人機が夜間にキエフを攻撃した。",
     {"ENT004"}, {"ENT002", "ENT001"}),
    ("current-name",
     "Russian drones attacked Kyiv overnight.",
     "ロシアの無人機が夜間にキーウを攻撃した。",
     set(), {"ENT004", "ENT002"}),
    ("odesa-variant-is-fine",
     "Attacks on Sumy and Odesa injured 15 people.",
     "スミーとオデサへの攻撃で15人が負傷した。",
     set(), {"ENT002", "ENT004", "ENT001"}),
    ("left-in-latin",
     "\"We welcome it,\" military spokesman Kened Sadiku wrote.",
     "「歓迎します」と軍のスポークスマンであるKened Sadikuは書いた。",
     {"ENT005"}, {"ENT001"}),
    ("credit-and-acronyms-in-latin-are-fine",
     "NATO and the ICC met in Brussels. Maksym Kishka/Reuters",
     "NATOとICCはブリュッセルで会合した。Maksym Kishka/Reuters",
     set(), {"ENT005", "ENT001"}),
    ("common-word",
     "Zelensky said in a Telegram post that more sanctions are needed.",
     "ゼレンスキーは電報投稿で、さらなる制裁が必要だと述べた。",
     {"ENT006"}, {"ENT001"}),
    ("platform-transliterated",
     "Zelensky said in a Telegram post that more sanctions are needed.",
     "ゼレンスキーはテレグラムへの投稿で、さらなる制裁が必要だと述べた。",
     set(), {"ENT006", "ENT002"}),
    ("surname-missing",
     "Adm. Giuseppe Cavo Dragone met Ukrainian officials on Tuesday.",
     "ジュゼッペ提督は火曜日にウクライナ当局者と会談した。",
     {"ENT001"}, {"ENT002", "ENT005"}),
    ("surname-only-is-fine",
     "U.S. Gen. Alexus Grynkewich met Ukrainian officials on Tuesday.",
     "グリンケウィッチ米将軍は火曜日にウクライナ当局者と会談した。",
     set(), {"ENT001", "ENT002", "ENT005"}),
    ("place-missing",
     "Russian drones struck a market in Kharkiv and Zaporizhzhia on Friday.",
     "ロシアの無人機が金曜日、ハルキウの市場を攻撃した。",
     {"ENT001"}, {"ENT002", "ENT004"}),
    ("regnal-name-designation-may-drop",
     "What roles did Joan I of Navarre hold?",
     "フアナ1世はどのような役職に就いていましたか？",
     set(), {"ENT001", "ENT002"}),
    ("romanised-korean-in-kanji",
     "Did Queen Daemok have any notable accomplishments?",
     "大穆王后には何か顕著な業績がありましたか？",
     set(), {"ENT001", "ENT002", "ENT005"}),
    ("name-derived-word-with-kanji-suffix",  # Trumpism: トランプ主義 as well as トランピズム
     "The thing that convinced me is that we need to be ready to fight back against Trumpism.",
     "私を納得させたのは、私たちはトランプ主義と戦う準備ができている必要があるということです。",
     set(), {"ENT001", "ENT002"}),
    ("name-derived-word-ite",
     "The Thatcherite wing of the party objected to the plan.",
     "党内のサッチャー派はその計画に反対した。",
     set(), {"ENT001", "ENT002"}),
    ("hyphenated-name-one-piece",
     "What was Sophie of Mecklenburg-Güstrow's role in Denmark?",
     "ゾフィー・フォン・メクレンブルクはデンマークでどのような役割を果たしたか？",
     set(), {"ENT001", "ENT002"}),
    ("name-token-left-in-latin",
     "Foreign Minister Sergei Lavrov met Ayman al-Safadi in Moscow.",
     "セルゲイ・ラブロフ外相はモスクワでAyman・サファディと会談した。",
     {"ENT005"}, {"ENT001"}),
    ("work-title-left-in-latin",
     "What is the genre of The War of the Worlds?",
     "「The War of the Worlds」のジャンルは何ですか？",
     {"ENT005"}, {"ENT001", "ENT006"}),
    ("work-title-translated",
     "What is the genre of The War of the Worlds?",
     "『宇宙戦争』のジャンルは何ですか？",
     set(), {"ENT001", "ENT005", "ENT006"}),
    ("common-word-inside-a-title-is-fine",
     "Who is the author of The Princess and the Pea?",
     "「エンドウ豆の上に寝たお姫さま」の作者は誰ですか？",
     set(), {"ENT001", "ENT006"}),
    ("place-known-from-jmdict",  # マイアミ is a JMdict loanword entry glossed "Miami"
     "The league tells officials to help Miami when that is not a penalty.",
     "連盟は、ペナルティではないのに審判団にマイアミを味方するよう指示している。",
     set(), {"ENT001", "ENT002"}),
    ("dash-typed-for-long-vowel",  # ― (U+2015) typed for ー inside the name
     "The firm is regenerating the old Gartshore Works near Cumbernauld.",
     "同社はカンバ―ナルド近郊の古いガートショア・ワークスを再生している。",
     set(), {"ENT001", "ENT002"}),
    ("a-person-named-al",  # "Al" alone: the article-like token must not break the matcher
     "Stealthily I made my way to the back. \"Hey,\" Al said.",
     "こっそり奥へ向かった。「やあ」とアルが言った。",
     set(), {"ENT001", "ENT002", "ENT003"}),
    ("brand-spellings-stay-in-latin",  # camel case and letter+digit model names
     "I want to do it without re-implementing stuff with JavaScript on the A319neo.",
     "A319neoでJavaScriptを使って何かを再実装することなく実現したい。",
     set(), {"ENT005", "ENT001"}),
    ("name-read-as-written",  # the English-trained model reads Recarte as リカルト
     "Ignacio Sánchez Recarte, the secretary general, spoke on Monday.",
     "事務局長のイグナシオ・サンチェス・レカルテ氏が月曜日に語った。",
     set(), {"ENT002", "ENT001"}),
    ("codes-are-not-names",  # the garbled I-131 is a lost number (NUM001 says so), not a name
     "Patients were given I-131 at the clinic.",
     "患者はクリニックでイアンロスを投与された。",
     set(), {"ENT001", "ENT002", "ENT005"}),
    ("contractions-are-not-names",
     "I’m told patients were given I-131 at the clinic.",
     "患者はクリニックでI-131を投与されたと聞いている。",
     set(), {"ENT001", "ENT002", "ENT005"}),
    ("earth-is-chikyu",  # a capitalised common noun whose Japanese is the ordinary word
     "Thick clouds stopped sunlight from reaching the surface of the Earth.",
     "厚い雲が地球の表面に太陽光が届くのを防いだ。",
     set(), {"ENT006", "ENT001", "ENT005"}),
    ("capital-for-its-government",  # "Moscow maintains" translated ロシア側は
     "Moscow maintains that such laws violate the rights of Russian speakers.",
     "ロシア側は、こうした法律はロシア語話者の権利を侵害していると主張している。",
     set(), {"ENT001"}),
    ("old-english-spelling-current-japanese",  # Kiev in the source, キーウ (current) in the translation
     "Complaints rose last year. Kiev actively encourages the population to report violations.",
     "苦情は昨年増えた。キーウは違反を報告するよう国民に積極的に促している。",
     set(), {"ENT001", "ENT002", "ENT004"}),
    ("place-rendered-in-the-next-sentence",  # the quote is split differently on the two sides
     'Scott Brewster, who set up the business in 2017 alongside his father, said: "It is '
     'increasingly clear that the construction sector in Scotland appreciates the need to reduce '
     'carbon. The volume of waste that has been recycled over the last six years has grown '
     'enormously.',
     "2017年に父と共に事業を立ち上げたスコット・ブリュースターは次のように述べている。"
     "「スコットランドの建設業界は、炭素を削減する必要性を明確に認識するようになってきた。"
     "過去6年間でリサイクルされた廃棄物の量は大幅に増えている」",
     set(), {"ENT001", "ENT002"}),
    ("correct-names",
     "Prime Minister Mark Carney and Chief of the Defence Staff Jennie Carignan met Putin's "
     "critics.",
     "マーク・カーニー首相とジェニー・カリニャン国防参謀総長はプーチンの批判者と会談した。",
     set(), {"ENT001", "ENT002", "ENT003", "ENT004", "ENT005", "ENT006"}),
]


@pytest.mark.parametrize(("case", "src", "tgt", "fire", "quiet"), CASES, ids=[c[0] for c in CASES])
def test_case(case, src, tgt, fire, quiet):
    result = check_texts(src + "\n", tgt + "\n", NE)
    fired = {f.code for f in result.findings}
    assert fire <= fired, f"{case}: expected {sorted(fire)}, got {sorted(fired)}"
    assert not (quiet & fired), f"{case}: unexpected {[f.message for f in result.findings]}"
    for f in result.findings:
        for sp in f.target_spans:
            assert result.target.text[sp.start:sp.end] == sp.text
        for sp in f.source_spans:
            assert result.source.text[sp.start:sp.end] == sp.text


@pytest.fixture(scope="module")
def nato():
    return check_files(ROOT / "corpora/nato/source.en.txt", ROOT / "corpora/nato/mt.ja.txt", NE)


def test_nato_name_problems_are_flagged(nato):
    by = {}
    for f in nato.findings:
        for sp in f.target_spans:
            by.setdefault(sp.text, set()).add(f.code)
    outdated = [f for f in nato.findings if f.code == "ENT004"]
    assert len(outdated) == 2 and all(f.suggestion == "キーウ" for f in outdated)
    assert "ENT002" in by["ヴォルディーミー"]
    volo = next(f for f in nato.findings if f.code == "ENT002" and "Volodymyr" in f.message)
    assert "ウォロディミル" in volo.suggestion
    assert by["ラブロフ"] == {"ENT003"}
    assert "ラヴロフ" not in by
    assert "ENT003" in by.get("ドラゴーネ", set()) | by.get("ドラゴーン", set())
    assert by["Kened Sadiku"] == {"ENT005"}
    assert by["電報"] == {"ENT006"}
    telegram = next(f for f in nato.findings if f.code == "ENT006")
    assert telegram.suggestion == "テレグラム"


def test_nato_correct_names_are_not_flagged(nato):
    flagged = " ".join(sp.text for f in nato.findings for sp in f.target_spans)
    for name in ("プーチン", "ゼレンスキー", "マーク・カーニー", "ジェニー・カリニャン", "NATO", "ICC",
                 "Maksym Kishka", "オデサ"):
        assert name not in flagged, name


def test_nato_entity_table(nato):
    rows = {r["text"]: r for r in nato.tables["entities"]}
    assert rows["Kyiv"]["status"] == "outdated" and rows["Kyiv"]["suggestion"] == "キーウ"
    assert rows["Kyiv"]["renderings"][0]["count"] == 2
    assert rows["Vladimir Putin"]["type"] == "person"
    assert rows["Mark Carney"]["status"] == "ok"
    for r in nato.tables["entities"]:
        assert set(r) >= {"text", "type", "source_spans", "renderings", "status", "standard",
                          "suggestion"}
        for rend in r["renderings"]:
            for sp in rend["target_spans"]:
                assert nato.target.text[sp["start"]:sp["end"]] == sp["text"]
        for sp in r["source_spans"]:
            assert nato.source.text[sp["start"]:sp["end"]] == sp["text"]


def _with_allowlist(src, tgt, paths):
    # the CLI option is not wired yet: pass the resource the way the pipeline will
    from mtqa.checks import Context, run_checks, select_checks
    from mtqa.lang import get_language
    from mtqa.model import Bead
    from mtqa.segment import segment

    en, ja = get_language("en"), get_language("ja")
    s, t = segment(src + "\n", en), segment(tgt + "\n", ja)
    ctx = Context(s, t, [Bead((0,), (0,), 1.0)], en, ja,
                  resources={"entity_allowlist": [str(p) for p in paths]})
    return run_checks(ctx, select_checks(["ENT"])), ctx


def test_allowlist_csv_and_toml(tmp_path):
    csv_file = tmp_path / "names.csv"
    csv_file.write_text("english,japanese\nKyiv,キーウ|キエフ\n", encoding="utf-8")
    toml_file = tmp_path / "names.toml"
    toml_file.write_text('[names]\n"Volodymyr" = ["ヴォルディーミー"]\n', encoding="utf-8")
    findings, ctx = _with_allowlist("Russian drones attacked Kyiv overnight.",
                                    "ロシアの無人機が夜間にキエフを攻撃した。", [csv_file])
    assert not findings
    assert ctx.tables["entities"]
    findings, _ = _with_allowlist("President Volodymyr Zelensky spoke.",
                                  "ヴォルディーミー・ゼレンスキー大統領は演説した。", [toml_file])
    assert not [f for f in findings if f.code == "ENT002"]


def test_allowlist_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("english,japanese\nKyiv\n", encoding="utf-8")
    with pytest.raises(UsageError, match="bad.csv:2"):
        load_allowlist([str(bad)])
    with pytest.raises(UsageError, match="cannot read"):
        load_allowlist([str(tmp_path / "missing.csv")])
    assert load_allowlist(None).names == {}


def test_katakana_normalisation():
    assert normalise("ラヴロフ") == normalise("ラブロフ")
    assert normalise("オデーサ") == normalise("オデサ")
    assert similarity("ゼレンスキー", "ゼレンスキ") == 1.0
    assert similarity("ヴォルディーミー", "ウォロディミル") < 0.75
    assert katakana_text("カンバ―ナルド、ロシア――ウクライナ") == "カンバーナルド、ロシア――ウクライナ"
    assert normalise("エスｰケイ") == normalise("エスーケイ")


def test_hashtags_and_handles_are_not_names():
    """#MastodonFC and @user17 stay as written in any translation (WMT24 references kept them)."""
    from mtqa.pipeline import check_texts

    result = check_texts("Absolute rocket from Stroud to goal. #DCU #MLS #MastodonFC @RiverSide\n",
                         "ストラウドからの見事なゴール。#DCU #MLS #MastodonFC @RiverSide\n")
    assert not [f for f in result.findings if f.code.startswith("ENT")]
    table = result.tables.get("entities", [])
    assert not [e for e in table if "Mastodon" in e.get("text", "") or "River" in e.get("text", "")]


def test_as_written_reading():
    from mtqa.entities.translit import as_written

    assert as_written("Recarte") == "レカルテ"
    assert as_written("Kronos") == "クロノス"
    assert as_written("Sánchez") == "サンチェズ"
    assert as_written("") is None


def test_fast_greedy_decoding_gives_e2ks_output():
    """translit._Greedy re-runs e2k's weights with fewer numpy calls: it must give e2k's own
    output for every word (here 400 name tokens of the bundled Wikidata forms, every 40th,
    plus accented, hyphen-stripped and very long ones)."""
    pytest.importorskip("e2k")
    from e2k import C2K

    from mtqa.entities import translit
    from mtqa.entities.gazetteer import _name_form_lines

    fast = translit._model()
    assert isinstance(fast, translit._Greedy)
    reference = C2K(model="turbo")
    words = [translit.ascii_letters(ln.split("\t")[0]) for ln in _name_form_lines()[::40]][:400]
    words += ["sanchez", "mecklenburgguestrow", "supercalifragilisticexpialidocious", "x"]
    assert len(words) > 400
    assert [fast(w) for w in words] == [reference(w) for w in words]


@pytest.mark.parametrize(("name", "standard"), [
    ("London", "ロンドン"),        # JMnedict lists 倫敦 (ateji) and グレーターロンドン first
    ("Paris", "パリ"),
    ("Scotland", "スコットランド"),  # JMnedict has only 蘇格蘭 and the hiragana reading
    ("New York", "ニューヨーク"),
    ("Beijing", "北京"),            # a kanji name that is the standard form stays first
    ("Taiwan", "台湾"),
    ("Rome", "ローマ"),             # JMnedict: ローム first; the built-in table puts news forms first
    ("Prague", "プラハ"),
    ("Munich", "ミュンヘン"),
])
def test_standard_form_of_a_place(name, standard):
    from mtqa.entities.gazetteer import Allowlist
    from mtqa.entities.match import full_forms

    forms, _ = full_forms(name, Allowlist())
    assert forms[0] == standard
