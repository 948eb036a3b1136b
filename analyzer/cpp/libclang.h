// libclang, loaded when the first C/C++ file is analyzed instead of linked: libclang and the
// LLVM it pulls in cost about 90 ms of dynamic relocation at every process start (measured on the
// 2-core bench machine: a program that only links libclang-14 starts in 90 ms, one without it in
// 4 ms), which a scan of a tree without C/C++ -- and every warm re-run -- paid for nothing.
//
// Every `clang_*` function the frontend calls is listed below; including this header instead of
// <clang-c/Index.h> turns each call into a call through the loaded table (the macros), so the
// frontend's code reads as plain libclang. load_libclang() must have succeeded before any call.
#pragma once

#include <clang-c/Index.h>

#include <string>

// clang-format off
#define ENVDRIFT_LIBCLANG_FUNCTIONS(X) \
  X(clang_Cursor_Evaluate) \
  X(clang_Cursor_getNumArguments) \
  X(clang_Cursor_isNull) \
  X(clang_EvalResult_dispose) \
  X(clang_EvalResult_getAsDouble) \
  X(clang_EvalResult_getAsLongLong) \
  X(clang_EvalResult_getAsStr) \
  X(clang_EvalResult_getAsUnsigned) \
  X(clang_EvalResult_getKind) \
  X(clang_EvalResult_isUnsignedInt) \
  X(clang_File_isEqual) \
  X(clang_Location_isFromMainFile) \
  X(clang_Location_isInSystemHeader) \
  X(clang_Type_visitFields) \
  X(clang_createIndex) \
  X(clang_disposeDiagnostic) \
  X(clang_disposeIndex) \
  X(clang_disposeSourceRangeList) \
  X(clang_disposeString) \
  X(clang_disposeTokens) \
  X(clang_disposeTranslationUnit) \
  X(clang_equalCursors) \
  X(clang_getArrayElementType) \
  X(clang_getCString) \
  X(clang_getCanonicalCursor) \
  X(clang_getCanonicalType) \
  X(clang_getCursorDefinition) \
  X(clang_getCursorExtent) \
  X(clang_getCursorKind) \
  X(clang_getCursorLocation) \
  X(clang_getCursorReferenced) \
  X(clang_getCursorSemanticParent) \
  X(clang_getCursorSpelling) \
  X(clang_getCursorType) \
  X(clang_getCursorUSR) \
  X(clang_getDiagnostic) \
  X(clang_getDiagnosticCategoryText) \
  X(clang_getDiagnosticLocation) \
  X(clang_getDiagnosticSeverity) \
  X(clang_getEnumConstantDeclValue) \
  X(clang_getExpansionLocation) \
  X(clang_getFile) \
  X(clang_getFileContents) \
  X(clang_getFileLocation) \
  X(clang_getFileName) \
  X(clang_getNumDiagnostics) \
  X(clang_getRangeEnd) \
  X(clang_getRangeStart) \
  X(clang_getSkippedRanges) \
  X(clang_getSpecializedCursorTemplate) \
  X(clang_getTokenSpelling) \
  X(clang_getTranslationUnitCursor) \
  X(clang_getTranslationUnitSpelling) \
  X(clang_hashCursor) \
  X(clang_isCursorDefinition) \
  X(clang_isDeclaration) \
  X(clang_isExpression) \
  X(clang_isInvalid) \
  X(clang_parseTranslationUnit2) \
  X(clang_tokenize) \
  X(clang_visitChildren)
// clang-format on

namespace envdrift::cpp {

struct LibClang {
#define ENVDRIFT_LIBCLANG_MEMBER(name) decltype(&::name) name = nullptr;
  ENVDRIFT_LIBCLANG_FUNCTIONS(ENVDRIFT_LIBCLANG_MEMBER)
#undef ENVDRIFT_LIBCLANG_MEMBER
};

// The table, filled by the first successful load_libclang().
extern const LibClang* g_libclang;

// Loads libclang once per process (thread-safe): $ENVDRIFT_LIBCLANG when set, else the library's
// soname (found beside a packaged binary through its $ORIGIN/../lib RPATH, else on the system's
// library path), else the file the build linked against. False, with the loader's message in
// `error`, when none loads or a function is missing.
bool load_libclang(std::string* error);

}  // namespace envdrift::cpp

// libclang.cpp defines ENVDRIFT_LIBCLANG_NO_REDIRECT: it names the real functions.
#ifndef ENVDRIFT_LIBCLANG_NO_REDIRECT
#define ENVDRIFT_LIBCLANG_REDIRECT(name) (::envdrift::cpp::g_libclang->name)
#define clang_Cursor_Evaluate ENVDRIFT_LIBCLANG_REDIRECT(clang_Cursor_Evaluate)
#define clang_Cursor_getNumArguments ENVDRIFT_LIBCLANG_REDIRECT(clang_Cursor_getNumArguments)
#define clang_Cursor_isNull ENVDRIFT_LIBCLANG_REDIRECT(clang_Cursor_isNull)
#define clang_EvalResult_dispose ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_dispose)
#define clang_EvalResult_getAsDouble ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_getAsDouble)
#define clang_EvalResult_getAsLongLong ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_getAsLongLong)
#define clang_EvalResult_getAsStr ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_getAsStr)
#define clang_EvalResult_getAsUnsigned ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_getAsUnsigned)
#define clang_EvalResult_getKind ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_getKind)
#define clang_EvalResult_isUnsignedInt ENVDRIFT_LIBCLANG_REDIRECT(clang_EvalResult_isUnsignedInt)
#define clang_File_isEqual ENVDRIFT_LIBCLANG_REDIRECT(clang_File_isEqual)
#define clang_Location_isFromMainFile ENVDRIFT_LIBCLANG_REDIRECT(clang_Location_isFromMainFile)
#define clang_Location_isInSystemHeader ENVDRIFT_LIBCLANG_REDIRECT(clang_Location_isInSystemHeader)
#define clang_Type_visitFields ENVDRIFT_LIBCLANG_REDIRECT(clang_Type_visitFields)
#define clang_createIndex ENVDRIFT_LIBCLANG_REDIRECT(clang_createIndex)
#define clang_disposeDiagnostic ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeDiagnostic)
#define clang_disposeIndex ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeIndex)
#define clang_disposeSourceRangeList ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeSourceRangeList)
#define clang_disposeString ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeString)
#define clang_disposeTokens ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeTokens)
#define clang_disposeTranslationUnit ENVDRIFT_LIBCLANG_REDIRECT(clang_disposeTranslationUnit)
#define clang_equalCursors ENVDRIFT_LIBCLANG_REDIRECT(clang_equalCursors)
#define clang_getArrayElementType ENVDRIFT_LIBCLANG_REDIRECT(clang_getArrayElementType)
#define clang_getCString ENVDRIFT_LIBCLANG_REDIRECT(clang_getCString)
#define clang_getCanonicalCursor ENVDRIFT_LIBCLANG_REDIRECT(clang_getCanonicalCursor)
#define clang_getCanonicalType ENVDRIFT_LIBCLANG_REDIRECT(clang_getCanonicalType)
#define clang_getCursorDefinition ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorDefinition)
#define clang_getCursorExtent ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorExtent)
#define clang_getCursorKind ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorKind)
#define clang_getCursorLocation ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorLocation)
#define clang_getCursorReferenced ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorReferenced)
#define clang_getCursorSemanticParent ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorSemanticParent)
#define clang_getCursorSpelling ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorSpelling)
#define clang_getCursorType ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorType)
#define clang_getCursorUSR ENVDRIFT_LIBCLANG_REDIRECT(clang_getCursorUSR)
#define clang_getDiagnostic ENVDRIFT_LIBCLANG_REDIRECT(clang_getDiagnostic)
#define clang_getDiagnosticCategoryText ENVDRIFT_LIBCLANG_REDIRECT(clang_getDiagnosticCategoryText)
#define clang_getDiagnosticLocation ENVDRIFT_LIBCLANG_REDIRECT(clang_getDiagnosticLocation)
#define clang_getDiagnosticSeverity ENVDRIFT_LIBCLANG_REDIRECT(clang_getDiagnosticSeverity)
#define clang_getEnumConstantDeclValue ENVDRIFT_LIBCLANG_REDIRECT(clang_getEnumConstantDeclValue)
#define clang_getExpansionLocation ENVDRIFT_LIBCLANG_REDIRECT(clang_getExpansionLocation)
#define clang_getFile ENVDRIFT_LIBCLANG_REDIRECT(clang_getFile)
#define clang_getFileContents ENVDRIFT_LIBCLANG_REDIRECT(clang_getFileContents)
#define clang_getFileLocation ENVDRIFT_LIBCLANG_REDIRECT(clang_getFileLocation)
#define clang_getFileName ENVDRIFT_LIBCLANG_REDIRECT(clang_getFileName)
#define clang_getNumDiagnostics ENVDRIFT_LIBCLANG_REDIRECT(clang_getNumDiagnostics)
#define clang_getRangeEnd ENVDRIFT_LIBCLANG_REDIRECT(clang_getRangeEnd)
#define clang_getRangeStart ENVDRIFT_LIBCLANG_REDIRECT(clang_getRangeStart)
#define clang_getSkippedRanges ENVDRIFT_LIBCLANG_REDIRECT(clang_getSkippedRanges)
#define clang_getSpecializedCursorTemplate ENVDRIFT_LIBCLANG_REDIRECT(clang_getSpecializedCursorTemplate)
#define clang_getTokenSpelling ENVDRIFT_LIBCLANG_REDIRECT(clang_getTokenSpelling)
#define clang_getTranslationUnitCursor ENVDRIFT_LIBCLANG_REDIRECT(clang_getTranslationUnitCursor)
#define clang_getTranslationUnitSpelling ENVDRIFT_LIBCLANG_REDIRECT(clang_getTranslationUnitSpelling)
#define clang_hashCursor ENVDRIFT_LIBCLANG_REDIRECT(clang_hashCursor)
#define clang_isCursorDefinition ENVDRIFT_LIBCLANG_REDIRECT(clang_isCursorDefinition)
#define clang_isDeclaration ENVDRIFT_LIBCLANG_REDIRECT(clang_isDeclaration)
#define clang_isExpression ENVDRIFT_LIBCLANG_REDIRECT(clang_isExpression)
#define clang_isInvalid ENVDRIFT_LIBCLANG_REDIRECT(clang_isInvalid)
#define clang_parseTranslationUnit2 ENVDRIFT_LIBCLANG_REDIRECT(clang_parseTranslationUnit2)
#define clang_tokenize ENVDRIFT_LIBCLANG_REDIRECT(clang_tokenize)
#define clang_visitChildren ENVDRIFT_LIBCLANG_REDIRECT(clang_visitChildren)
#endif
