enum _PEmporiumTesting {}
