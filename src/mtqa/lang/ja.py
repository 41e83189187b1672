"""Japanese: 。！？ boundaries outside brackets, kana/kanji scripts, numbers in every written form."""

from __future__ import annotations

import re
from functools import lru_cache

from . import Quantity, char_script, foreign_script_runs, script_label

_OPEN = "「『（(【〔［[〈《"
_CLOSE = "」』）)】〕］]〉》"
_PAIR = dict(zip(_CLOSE, _OPEN))
_TERMINATORS = "。！？!?"
_TRAILERS = _CLOSE + "”’\"'…‥"

# Full-width to ASCII, one character for one, so offsets survive normalisation.
_FW = str.maketrans("０１２３４５６７８９，．％－", "0123456789,.%-")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                 "八": 8, "九": 9, "両": 2}
_SMALL_SCALES = {"十": 10, "百": 100, "千": 1000}
_BIG_SCALES = {"万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_KANJI = "".join(_KANJI_DIGITS) + "".join(_SMALL_SCALES) + "".join(_BIG_SCALES)
# Digits may be followed by scale kanji and more digits (2億8,600万, 1.5億, 3千) but not by kanji
# digits: 第4四半期 is the fourth quarter, not 44. Kanji numerals run on as before (三千五百).
_NUM_RE = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?(?:[十百千万億兆]+(?:\d[\d,]*(?:\.\d+)?)?)*"
    r"|[〇零一二三四五六七八九十百千][〇零一二三四五六七八九十百千万億兆]*)"
)
# Counters and units after which a kanji numeral is a number, not part of a word like 一緒.
_COUNTERS = ("人", "年", "か月", "ヶ月", "カ月", "ケ月", "箇月", "月", "日", "歳", "か国", "カ国", "ヶ国",
             "国", "つ", "回", "件", "時間", "時", "分", "秒", "隻", "機", "基", "台", "発", "名", "倍",
             "度", "週間", "週", "億", "万", "千", "百", "％", "%", "パーセント", "ドル", "円", "ユーロ",
             "キロ", "メートル", "トン", "個", "本", "枚", "社", "州", "地域", "都市", "部隊", "師団", "ヵ所",
             "か所", "カ所", "番目", "位", "期", "世紀", "代", "章", "話", "巻", "条", "号", "階", "点")
# 水曜日, 水曜, and the abbreviation after a date: 1月13日（土）
_WEEKDAY_RE = re.compile(r"([月火水木金土日])曜日?|(?<=[日\d])[（(]([月火水木金土日])(?:・祝)?[）)]")
_WEEKDAYS = {"月": 1, "火": 2, "水": 3, "木": 4, "金": 5, "土": 6, "日": 7}


def kanji_to_number(s: str) -> float | None:
    """Parse 三千五百, 1.5億, 2千万, 100万, ３０ (already ASCII) into a number."""
    s = s.replace(",", "")
    total = 0.0
    section = 0.0  # below 万
    current: float | None = None
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit():
            m = re.match(r"\d+(?:\.\d+)?", s[i:])
            assert m is not None
            current = float(m.group(0))
            i += len(m.group(0))
            continue
        if ch in _KANJI_DIGITS:
            d = _KANJI_DIGITS[ch]
            current = d if current is None else current * 10 + d
        elif ch in _SMALL_SCALES:
            section += (1 if current is None else current) * _SMALL_SCALES[ch]
            current = None
        elif ch in _BIG_SCALES:
            section += current or 0
            total += (section or 1) * _BIG_SCALES[ch]
            section, current = 0.0, None
        elif ch == ".":
            return None
        else:
            return None
        i += 1
    return total + section + (current or 0)


# Chinese function words that Japanese does not write without kana around them; with no kana in a
# sentence, two of them (or one simplified-only character) mark it as Chinese.
_ZH_MARKERS = frozenset("是吗嗎呢么麼们們这這哪谁吧没沒说說个很还還让讓从從对對给的了")
_ZH_STRONG = frozenset("是吗嗎呢么麼们們这這哪谁吧没沒说說很还還让讓从從对對")


@lru_cache(maxsize=4096)
def simplified_only(ch: str) -> bool:
    """A Chinese simplified character that Japanese does not use: in GB 2312, not in the
    Japanese character set (CP932: JIS X 0208 with its vendor extensions). 华, 时, 这 are;
    学, 国, 会 (shared) and 実, 東 (Japanese forms) are not."""
    try:
        ch.encode("cp932")
        return False
    except UnicodeEncodeError:
        pass
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def chinese_sentence(text: str) -> bool:
    """Whether a sentence is Chinese rather than Japanese: at least four kanji, no kana at all,
    and a simplified-only character or two Chinese function words (one of them not also a
    Japanese suffix like 的 or 了). A kana-less Japanese headline (日米首脳会談) or a bare name
    (石原慎太郎) is not."""
    han = set()
    n_han = 0
    for ch in text:
        sc = char_script(ch)
        if sc == "kana":
            return False
        if sc == "han":
            han.add(ch)
            n_han += 1
    if n_han < 4:
        return False
    if any(simplified_only(ch) for ch in han):
        return True
    markers = han & _ZH_MARKERS
    return len(markers) >= 2 and bool(markers & _ZH_STRONG)


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)")
_THREE_DIGITS = re.compile(r"\d{3}(?![\d,])")


def _number_matches(norm: str):
    """``_NUM_RE`` matches, with a list written with commas (1,2,3 or １，２，３) split into its
    numbers: only groups of three digits after a comma make one number (1,500, 2億8,600万), as
    in English."""
    for m in _NUM_RE.finditer(norm):
        raw = m.group("num")
        body = raw.rstrip(",.")
        if "," not in body or _GROUPED.match(raw) or all(
                i > 0 and body[i - 1].isdigit() and _THREE_DIGITS.match(body, i + 1)
                for i, ch in enumerate(body) if ch == ","):
            yield m
            continue
        for piece in re.finditer(r"[^,]+", raw):
            sub = _NUM_RE.match(norm, m.start() + piece.start(), m.start() + piece.end())
            if sub:
                yield sub


# ゼロ / 零 as the number zero (ゼロ出力, 零下), not inside a word (ゼロックス, 零細企業)
_ZERO = re.compile(r"(?<![\u30a1-\u30fa])ゼロ(?![\u30a1-\u30fa])|零(?![細落れ])")
_DOLLAR_GAP = re.compile(r"\s*(?:ドル|米ドル)\s*$")


def _dollars_and_cents(text: str, qs: list[Quantity]) -> list[Quantity]:
    """``3ドル74セント`` is the amount $3.74: one quantity, not 3 and 74."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        if (nxt is not None and q.kind == nxt.kind == "number" and nxt.value < 100
                and nxt.value == int(nxt.value) and _DOLLAR_GAP.match(text[q.end:nxt.start])
                and text[nxt.end:nxt.end + 3].startswith("セント")):
            out.append(Quantity(q.value + nxt.value / 100, "number", q.start, nxt.end,
                                q.strong or nxt.strong))
            i += 2
            continue
        out.append(q)
        i += 1
    return out


# Sentence-final register: polite (です/ます) endings are a closed set; a plain (だ/である)
# ending is the copula or a verb/adjective in a plain form. Nominal endings (体言止め: ...と発表。),
# quotes and bracketed sentences have no register. Particles after the predicate (か, ね, よ)
# do not change it.
_FINAL_PARTICLES = r"(?:よね|けど|けれど|[かねよなわぞ])?"
_POLITE_END = re.compile(r"(?:ませんでした|ございました|ございます|でしょう|ましょう|ください|下さい"
                         r"|でした|ました|ません|です|ます)" + _FINAL_PARTICLES + "$")
_PLAIN_END = re.compile(r"(?:であった|である|だった|だろう|なかった|ない|だ|た|[るうくぐすつぬぶむい])"
                        + _FINAL_PARTICLES + "$")
_SENTENCE_END = "。！？!?．.…‥ 　"
# Greetings and set phrases end in a plain form but carry no register (ありがとう, お帰りなさい).
_SET_PHRASE_END = re.compile(r"(?:ありがとう|おめでとう|よろしく|なさい|どうぞ|おはよう|さようなら|"
                             r"ごめん)" + _FINAL_PARTICLES + "$")
_QUOTE_CLOSE = "」』”\"’'"


def _strip_trailing_parenthetical(text: str) -> str:
    """``...と述べた（ロイター）`` -> ``...と述べた``: a bracketed aside after the predicate."""
    close = text[-1]
    opener = "（" if close == "）" else "("
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == close:
            depth += 1
        elif text[i] == opener:
            depth -= 1
            if depth == 0:
                return text[:i]
    return text


def sentence_register(sentence: str) -> tuple[str, int, int] | None:
    """``("polite" | "plain", start, end)`` of the predicate ending that gives ``sentence`` its
    register, offsets into ``sentence``; None when it has none: no 。！？ at the end (headlines,
    captions, list items), a quote or bracketed sentence, or a nominal ending."""
    text = sentence.rstrip()
    if not text or text[-1] not in "。！？!?":
        return None
    while text and text[-1] in _SENTENCE_END:
        text = text[:-1]
    while text and text[-1] in "）)":
        stripped = _strip_trailing_parenthetical(text)
        if stripped == text:
            return None
        text = stripped.rstrip()
    if not text or text[-1] in _QUOTE_CLOSE or text[-1] in _CLOSE or _SET_PHRASE_END.search(text):
        return None
    for kind, pattern in (("polite", _POLITE_END), ("plain", _PLAIN_END)):
        m = pattern.search(text)
        if m:
            return kind, m.start(), m.end()
    return None


class Japanese:
    code = "ja"
    name = "Japanese"
    scripts = frozenset({"kana", "han"})
    brackets = (("「", "」"), ("『", "』"), ("（(", "）)"), ("【", "】"), ("〔", "〕"), ("［[", "］]"),
                ("〈", "〉"), ("《", "》"), ("“", "”"))

    def split_sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        # Brackets that close later in the paragraph protect their 。; a stray opener does not.
        closes_at: dict[int, int] = {}
        stack: list[int] = []
        for i in range(start, end):
            ch = text[i]
            if ch in _OPEN:
                stack.append(i)
            elif ch in _PAIR:
                while stack and text[stack[-1]] != _PAIR[ch]:
                    stack.pop()
                if stack:
                    closes_at[stack.pop()] = i
        opens_of = {c: o for o, c in closes_at.items()}
        spans: list[tuple[int, int]] = []
        sent_start = start
        depth_until = -1  # inside a matched bracket pair up to this index
        i = start
        while i < end:
            ch = text[i]
            if i in closes_at:
                depth_until = max(depth_until, closes_at[i])
            opened = opens_of.get(i)
            if (opened is not None and text[sent_start:opened].strip() == ""
                    and text[i - 1] in _TERMINATORS):
                # a whole sentence in brackets, （…。）, ends with its closing bracket
                j = i + 1
                while j < end and text[j] in _TRAILERS:
                    j += 1
                spans.append((sent_start, j))
                sent_start = j
                i = j
                continue
            if ch in _TERMINATORS and i > depth_until:
                j = i + 1
                while j < end and (text[j] in _TERMINATORS or text[j] in _TRAILERS):
                    j += 1
                spans.append((sent_start, j))
                sent_start = j
                i = j
                continue
            i += 1
        spans.append((sent_start, end))
        out = []
        for s, e in spans:
            piece = text[s:e]
            if not piece.strip():
                continue
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            out.append((s + lead, e - trail))
        return out

    def sentence_register(self, sentence: str) -> tuple[str, int, int] | None:
        return sentence_register(sentence)

    def dangling_particle(self, sentence: str) -> tuple[int, int] | None:
        """A sentence that ends on a case particle before its 。 (word salad); see ja_grammar."""
        from .ja_grammar import dangling_particle

        return dangling_particle(sentence)

    def negated_end(self, sentence: str) -> tuple[int, int] | None:
        """The negation a sentence ends on (…しなかった。), if any; see ja_grammar."""
        from .ja_grammar import negated_end

        return negated_end(sentence)

    def implied_numbers(self, text: str) -> set[float]:
        return set()  # Japanese writes its counts out (一人, 2週間): nothing implied to undo

    def foreign_text(self, text: str) -> list[tuple[int, int, str]]:
        """Korean (and other non-Japanese scripts) anywhere; Chinese as whole sentences (see
        ``chinese_sentence``): kanji alone cannot tell a Chinese phrase inside a Japanese
        sentence from a Japanese one."""
        out = [(s, e, script_label(script))
               for s, e, script in foreign_script_runs(text, self.scripts)]
        if chinese_sentence(text):
            lead = len(text) - len(text.lstrip())
            out = [(lead, len(text.rstrip()), "Chinese")]
        return out

    def word_count(self, text: str) -> int:
        cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff")
        latin = len(re.findall(r"[A-Za-z0-9]+", text))
        return max(1, round(cjk / 2.5)) + latin if text.strip() else 0

    def quantities(self, text: str) -> list[Quantity]:
        norm = text.translate(_FW)
        out: list[Quantity] = []
        for m in _number_matches(norm):
            raw = m.group("num").rstrip(",.")
            s, e = m.start(), m.start() + len(raw)
            has_digit = any(c.isdigit() for c in raw)
            after = norm[e:e + 5]
            before = norm[max(0, s - 1):s]
            if before.isalpha() and (before.isascii() or "\uff21" <= before <= "\uff5a"):
                continue  # part of an identifier (A380, K1100, @user36, G7, Ｇ７), as in English
            if not has_digit:
                # kanji numerals inside words (一緒, 唯一, 十分) are not numbers
                if before and ("\u4e00" <= before <= "\u9fff") and before not in "第約計":
                    continue
                if not after.startswith(_COUNTERS) and before != "第":  # 第一章, 第三者
                    continue
            value = kanji_to_number(raw)
            if value is None:
                continue
            kind = "number"
            if after.startswith(("％", "%", "パーセント")):
                kind = "percent"
            elif after.startswith("年") and has_digit and 1800 <= value <= 2100 and "." not in raw:
                kind = "year"
            elif after.startswith("月") and 1 <= value <= 12 and value == int(value):
                kind = "month"
            out.append(Quantity(value, kind, s, e, strong=has_digit))
        out = _dollars_and_cents(norm, out)
        for m in _ZERO.finditer(norm):  # weak: it can answer an English "zero", never required
            out.append(Quantity(0.0, "number", m.start(), m.end(), strong=False))
        for m in _WEEKDAY_RE.finditer(norm):
            out.append(Quantity(float(_WEEKDAYS[m.group(1) or m.group(2)]), "weekday", m.start(),
                                m.end()))
        out.sort(key=lambda q: (q.start, q.end))
        return out
