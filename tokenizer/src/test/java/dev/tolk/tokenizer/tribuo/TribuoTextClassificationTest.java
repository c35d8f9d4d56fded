package dev.tolk.tokenizer.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.XMLProvenanceSerialization;
import dev.tolk.tokenizer.Normalizer;
import dev.tolk.tokenizer.StopwordCriteria;
import dev.tolk.tokenizer.StopwordSelector;
import dev.tolk.tokenizer.TextPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.data.text.impl.SimpleTextDataSource;
import org.tribuo.data.text.impl.TextFeatureExtractorImpl;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.ModelProvenance;

/**
 * The Tribuo text pipeline in use: a Tribuo logistic-regression classifier trained on its features learns the
 * topic of held-out sentences, and the model's provenance rebuilds the pipeline, the data and the trainer, which
 * train the same model again. Data: src/test/resources/tribuo/topics-*.txt (three topics, 60 + 24 sentences).
 */
class TribuoTextClassificationTest {
    private static Path resource(String name) throws Exception {
        return Path.of(TribuoTextClassificationTest.class
                .getResource("/tribuo/" + name)
                .toURI());
    }

    /** The texts of a LABEL##text file. */
    private static List<String> texts(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(line.substring(line.indexOf("##") + 2));
        }
        return out;
    }

    private static List<String> predictions(Model<Label> model, Dataset<Label> data) {
        List<String> out = new ArrayList<>();
        for (Prediction<Label> p : model.predict(data)) {
            out.add(p.getOutput().getLabel() + " " + p.getOutput().getScore());
        }
        return out;
    }

    @Test
    void classifierLearnsTopicsAndItsProvenanceRetrainsTheSameModel() throws Exception {
        Path trainFile = resource("topics-train.txt");
        Path testFile = resource("topics-test.txt");
        // function words (in more than a quarter of the sentences) are stopwords; fitted on the training set only
        TribuoTextPipeline pipeline = TribuoTextPipeline.fit(
                TextPipeline.word(Normalizer.DEFAULT.withLowercase(true)),
                new StopwordSelector(StopwordCriteria.maxDf(0.25)),
                texts(trainFile));
        // df: the 54, . 60, and 23 of 60 sentences; a (15) is at the limit and stays
        assertEquals(List.of("the", ".", "and"), pipeline.stopwords());
        assertTrue(pipeline.terms().containsAll(List.of("rain", "oven", "goal", "a", "in")), "content words kept");

        LabelFactory labels = new LabelFactory();
        TextFeatureExtractorImpl<Label> extractor = new TextFeatureExtractorImpl<>(pipeline);
        MutableDataset<Label> train = new MutableDataset<>(new SimpleTextDataSource<>(trainFile, labels, extractor));
        MutableDataset<Label> test = new MutableDataset<>(new SimpleTextDataSource<>(testFile, labels, extractor));
        assertEquals(60, train.size());
        assertEquals(24, test.size(), "every held-out sentence has a known term");

        Trainer<Label> trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5), 20, 7L);
        Model<Label> model = trainer.train(train);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        // 24 held-out sentences, none seen in training: at most two wrong (this seed gets all 24 right)
        assertTrue(evaluation.accuracy() >= 22.0 / 24, "held-out accuracy " + evaluation.accuracy());
        for (String topic : List.of("SPORT", "COOKING", "WEATHER")) {
            assertTrue(
                    evaluation.recall(new Label(topic)) >= 0.75,
                    topic + " recall " + evaluation.recall(new Label(topic)));
        }

        // the model's provenance names this pipeline with its fitted state ...
        ModelProvenance provenance = model.getProvenance();
        String described = provenance.toString();
        assertTrue(described.contains(TribuoTextPipeline.class.getName()), described);
        assertTrue(described.contains("documentFrequencies"), described);
        // ... survives storage as text ...
        XMLProvenanceSerialization xml = new XMLProvenanceSerialization(false);
        ObjectProvenance stored = xml.deserializeAndUnmarshal(xml.marshalAndSerialize(provenance));
        assertEquals(provenance, stored);
        // ... and rebuilds pipeline, data source and trainer, which train the same model again (Tribuo's
        // reproducibility recipe: seeded trainer, same data in the same order)
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(stored));
        TribuoTextPipeline rebuiltPipeline =
                cm.lookupAll(TribuoTextPipeline.class).get(0);
        assertEquals(pipeline.getProvenance(), rebuiltPipeline.getProvenance());
        @SuppressWarnings("unchecked")
        SimpleTextDataSource<Label> rebuiltSource =
                cm.lookupAll(SimpleTextDataSource.class).get(0);
        @SuppressWarnings("unchecked")
        Trainer<Label> rebuiltTrainer = cm.lookupAll(Trainer.class).get(0);
        Model<Label> retrained = rebuiltTrainer.train(new MutableDataset<>(rebuiltSource));
        List<String> expected = predictions(model, test);
        assertFalse(expected.isEmpty());
        assertEquals(expected, predictions(retrained, test));
        cm.close();
    }
}
