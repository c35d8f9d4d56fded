"""Golden TF-IDF values for TribuoTextPipelineTest, from scikit-learn's TfidfVectorizer (the outside oracle).

Run: python3 tfidf_golden.py   (scikit-learn 1.2.1, Debian's python3-sklearn). The documents are given as the
tokens Tolk's word tokenizer produces after lowercasing, so this checks the document frequencies, the stopword
criteria (max_df, min_df have the same definitions as Tolk's max-df ratio and min-df), the smoothed IDF and the
L2 normalisation, not tokenisation.
"""
from sklearn.feature_extraction.text import TfidfVectorizer

train = [
    "the cat sat on the mat .".split(),
    "the dog sat on the log .".split(),
    "a cat and a dog !".split(),
    "the cat , the dog and the bird .".split(),
    "a bird sat on a log .".split(),
]
query = "the cat sat on the mat , the cat !".split()

for name, kwargs in [("no stopwords", {}), ("max_df=0.7, min_df=2", {"max_df": 0.7, "min_df": 2})]:
    v = TfidfVectorizer(analyzer=lambda d: d, lowercase=False, **kwargs)
    v.fit(train)
    print(name)
    print("  stop_words_:", sorted(v.stop_words_))
    print("  idf:", {t: repr(v.idf_[i]) for t, i in sorted(v.vocabulary_.items())})
    row = v.transform([query]).toarray()[0]
    print("  query:", {t: repr(row[i]) for t, i in sorted(v.vocabulary_.items()) if row[i] != 0})
