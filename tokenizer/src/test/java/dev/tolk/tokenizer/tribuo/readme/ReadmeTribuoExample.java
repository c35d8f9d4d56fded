package dev.tolk.tokenizer.tribuo.readme;

import dev.tolk.tokenizer.*;
import dev.tolk.tokenizer.tribuo.TribuoTextPipeline;
import java.util.List;
import org.tribuo.*;
import org.tribuo.classification.*;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.text.impl.TextFeatureExtractorImpl;
import org.tribuo.provenance.SimpleDataSourceProvenance;

public class ReadmeTribuoExample {
    public static void main(String[] args) {
        List<String> texts = List.of(
                "The striker scored a goal.", "The team won the match.",
                "Bake the bread in the oven.", "Fry the onions in butter.",
                "Rain is expected tonight.", "Strong wind and rain tomorrow.");
        List<String> topics = List.of("SPORT", "SPORT", "COOKING", "COOKING", "WEATHER", "WEATHER");
        TribuoTextPipeline pipeline = TribuoTextPipeline.fit(
                TextPipeline.word(Normalizer.DEFAULT.withLowercase(true)),
                new StopwordSelector(StopwordCriteria.maxDf(0.5)), // words in over half the texts
                texts);
        System.out.println(pipeline.stopwords()); // [., the]
        var extractor = new TextFeatureExtractorImpl<Label>(pipeline);
        var labels = new LabelFactory();
        var train = new MutableDataset<>(new SimpleDataSourceProvenance("topics", labels), labels);
        for (int i = 0; i < texts.size(); i++) {
            train.add(extractor.extract(labels.generateOutput(topics.get(i)), texts.get(i)));
        }
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        Example<Label> query = extractor.extract(LabelFactory.UNKNOWN_LABEL, "Rain and wind all night.");
        System.out.println(model.predict(query).getOutput().getLabel()); // WEATHER
    }
}
