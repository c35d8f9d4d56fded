import dev.tolk.tokenizer.*;
import java.util.List;

public class ReadmeExample {
    public static void main(String[] args) {
        TextPipeline pipeline = TextPipeline.word(Normalizer.DEFAULT.withLowercase(true));
        List<String> corpus = List.of("Le chat dort.", "Le chien dort\u00A0!");
        TermStatistics stats = new TermStatistics();
        VocabularyBuilder builder = new VocabularyBuilder(1, 1000);
        for (String line : corpus) {
            stats.addDocument(pipeline.terms(line)); // words: le, chat, dort, .
            builder.addAll(pipeline.pieces(line)); // model symbols: ▁le, ▁chat, ▁dort, .
        }
        Vocabulary vocab = builder.build();
        int[] ids = vocab.encode(pipeline.pieces("Le chat dort."));
        System.out.println(pipeline.detokenize(vocab.decode(ids))); // le chat dort.
        System.out.println(stats.ranked().get(0)); // TermStat[term=dort, tf=2, df=2, rank=1, entropy=1.0]
    }
}
