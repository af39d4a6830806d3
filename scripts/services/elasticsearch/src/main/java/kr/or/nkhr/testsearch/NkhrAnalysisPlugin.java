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

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", filter((s, ts) -> new ASCIIFoldingFilter(ts, s.getAsBoolean("preserve_original", false))),
            "ngram", filter((s, ts) -> new NGramTokenFilter(ts, s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2), false)),
            "edge_ngram", filter((s, ts) -> new EdgeNGramTokenFilter(ts, s.getAsInt("min_gram", 1), s.getAsInt("max_gram", 2), false)),
            "cjk_width", filter((s, ts) -> new CJKWidthFilter(ts)),
            "cjk_bigram", filter((s, ts) -> new CJKBigramFilter(ts, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, s.getAsBoolean("output_unigrams", false))),
            "porter_stem", filter((s, ts) -> new PorterStemFilter(ts)),
            "stemmer", filter(NkhrAnalysisPlugin::stemmer),
            "nori_part_of_speech", filter((s, ts) -> new KoreanPartOfSpeechStopFilter(ts)),
            "nori_readingform", filter((s, ts) -> new KoreanReadingFormFilter(ts)));
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
