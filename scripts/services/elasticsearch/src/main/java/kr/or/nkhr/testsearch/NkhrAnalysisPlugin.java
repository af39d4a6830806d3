package kr.or.nkhr.testsearch;

import java.util.Map;
import java.util.function.Function;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The analysis components that Wagtail and the NKHR search backend use, under the
 * names that Elasticsearch's analysis-common and analysis-nori give them. Elastic does
 * not publish those modules to Maven Central, so this test node registers the same
 * Lucene classes itself. Only the settings the project uses are read.
 */
public class NkhrAnalysisPlugin extends Plugin implements AnalysisPlugin {

    private static AnalysisProvider<TokenFilterFactory> filter(
            java.util.function.BiFunction<Settings, TokenStream, TokenStream> make) {
        return (indexSettings, env, name, settings) -> new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return make.apply(settings, stream);
            }
        };
    }

    private static AnalysisProvider<TokenizerFactory> tokenizer(Function<Settings, Tokenizer> make) {
        return (indexSettings, env, name, settings) -> TokenizerFactory.newFactory(name, () -> make.apply(settings));
    }

    private static TokenStream stemmer(Settings settings, TokenStream stream) {
        String language = settings.get("language", settings.get("name", "english"));
        return switch (language) {
            case "possessive_english" -> new EnglishPossessiveFilter(stream);
            case "english", "porter" -> new PorterStemFilter(stream);
            default -> throw new IllegalArgumentException("stemmer language not available on the test node: " + language);
        };
    }

    /** "korean, koreans => korea": every word on the left becomes the right one. */
    private static TokenStream stemmerOverride(Settings settings, TokenStream stream) {
        StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
        for (String rule : settings.getAsList("rules")) {
            String[] sides = rule.split("=>");
            for (String word : sides[0].split(",")) {
                builder.add(word.trim(), sides[1].trim());
            }
        }
        try {
            return new StemmerOverrideFilter(stream, builder.build());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("stemmer_override rules", e);
        }
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.ofEntries(
            Map.entry("stemmer_override", filter(NkhrAnalysisPlugin::stemmerOverride)),
            Map.entry("asciifolding", filter((s, ts) -> new ASCIIFoldingFilter(ts, s.getAsBoolean("preserve_original", false)))),
            Map.entry("ngram", filter((s, ts) -> new NGramTokenFilter(ts, s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2), false))),
            Map.entry("edge_ngram", filter((s, ts) -> new EdgeNGramTokenFilter(ts, s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2), false))),
            Map.entry("cjk_width", filter((s, ts) -> new CJKWidthFilter(ts))),
            Map.entry("cjk_bigram", filter((s, ts) -> new CJKBigramFilter(ts, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, s.getAsBoolean("output_unigrams", false)))),
            Map.entry("porter_stem", filter((s, ts) -> new PorterStemFilter(ts))),
            Map.entry("stemmer", filter(NkhrAnalysisPlugin::stemmer)),
            Map.entry("nori_part_of_speech", filter((s, ts) -> new KoreanPartOfSpeechStopFilter(ts))),
            Map.entry("nori_readingform", filter((s, ts) -> new KoreanReadingFormFilter(ts))));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", tokenizer(s -> new NGramTokenizer(s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2))),
            "edge_ngram", tokenizer(s -> new EdgeNGramTokenizer(s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2))),
            "nori_tokenizer", tokenizer(s -> new KoreanTokenizer(
                org.apache.lucene.analysis.TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, null,
                KoreanTokenizer.DecompoundMode.valueOf(s.get("decompound_mode", "discard").toUpperCase(java.util.Locale.ROOT)),
                false, s.getAsBoolean("discard_punctuation", true))));
    }
}
